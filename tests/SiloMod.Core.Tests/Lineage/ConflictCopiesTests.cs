using SiloMod.Core.Lineage;

namespace SiloMod.Core.Tests.Lineage;

public sealed class ConflictCopiesTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 14, 5, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("conflict-copies-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NameFor_SaysWhoseCopyAndWhen()
    {
        var name = Path.GetFileName(ConflictCopies.NameFor(Path.Combine(_dir, "PRT-300.FCStd"), "bob", At));

        Assert.Equal($"PRT-300 (conflict copy, bob, {At.ToLocalTime():yyyy-MM-dd HH-mm}).FCStd", name);
    }

    [Fact]
    public void Write_SeveralAtTheSameMomentForOneDocument_EachGetsItsOwnFileAndNoneIsLost()
    {
        // Many rounds of writers released together: a name taken by a look-then-move would, now and
        // then, let two copies land on one name and the second replace the first.
        const int rounds = 300, writers = 4;
        for (var round = 0; round < rounds; round++)
        {
            var document = Path.Combine(_dir, $"PRT-{round}.FCStd");
            var sources = Enumerable.Range(0, writers).Select(i =>
            {
                var source = Path.Combine(_dir, $"source-{round}-{i}");
                File.WriteAllText(source, $"round {round} version {i}");
                return source;
            }).ToList();
            using var together = new Barrier(writers);
            var copies = new string[writers];
            var threads = Enumerable.Range(0, writers).Select(i => new Thread(() =>
            {
                together.SignalAndWait();
                copies[i] = ConflictCopies.Write(sources[i], document, "bob", At);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Equal(writers, copies.Distinct().Count());
            Assert.Equal(Enumerable.Range(0, writers).Select(i => $"round {round} version {i}").Order(), copies.Select(File.ReadAllText).Order());
        }
        Assert.Empty(Directory.EnumerateFiles(_dir, ".*.tmp"));
    }
}

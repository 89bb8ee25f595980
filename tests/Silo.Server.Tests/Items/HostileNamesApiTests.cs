using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Items;

/// <summary>
/// Names that would escape a folder, clash with a Windows device or break a file system, sent as
/// part_number, category and project. One server serves the whole table (tests of a class run one
/// at a time), which also proves each refusal left nothing behind for the next.
/// </summary>
public sealed class HostileNamesApiTests(HostileNamesApiTests.ServerFixture fixture) : IClassFixture<HostileNamesApiTests.ServerFixture>
{
    public sealed class ServerFixture : IAsyncLifetime
    {
        public SiloTestServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await SiloTestServer.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    /// <summary>Keyed by a printable label so test names stay readable (one value holds a NUL).</summary>
    private static readonly Dictionary<string, string> Hostile = new(StringComparer.Ordinal)
    {
        ["dotdot-slash"] = "../x",
        ["slash"] = "a/b",
        ["backslash"] = "a\\b",
        ["dotdot"] = "..",
        ["CON"] = "CON",
        ["nul.txt"] = "nul.txt",
        ["com1.step"] = "com1.step",
        ["nul-char"] = "x\u0000y",
        ["tab"] = "tab\there",
        ["newline"] = "line\nbreak",
        ["65-chars"] = new string('A', 65),
        ["empty"] = "",
        ["leading-space"] = " lead",
        ["trailing-dot"] = "trail.",
        ["trailing-space"] = "trail ",
        ["leading-dot"] = ".hidden",
        ["colon"] = "C:x",
        ["star"] = "a*b",
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in new[] { "part_number", "category", "project" })
            foreach (var label in Hostile.Keys)
                data.Add(field, label);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Create_HostileName_Returns422ForThatFieldAndCreatesNothing(string field, string label)
    {
        var server = fixture.Server;
        using var admin = server.AdminClient();
        var body = new Dictionary<string, string>
        {
            ["part_number"] = "PRT-001",
            ["category"] = "Brackets",
            ["project"] = "Rover",
            ["description"] = "A part",
        };
        body[field] = Hostile[label];

        using var response = await admin.PostJsonAsync("/api/items", body);

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors has no '{field}': {errors}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        Assert.Single(errors.EnumerateObject());
        var page = await HttpAssert.JsonAsync(await admin.GetAsync("/api/items"), HttpStatusCode.OK);
        Assert.Equal(0, page.GetProperty("total").GetInt32());
        Assert.Equal(0, await TestDatabase.CountAsync(server.DataDir, "items"));
        Assert.Equal(0, await TestDatabase.CountAsync(server.DataDir, "events"));
    }
}

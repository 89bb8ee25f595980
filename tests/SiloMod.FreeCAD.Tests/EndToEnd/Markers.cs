namespace SiloMod.FreeCAD.Tests.EndToEnd;

/// <summary>Marker files by which the end-to-end scripts and the test that orchestrates them take turns.</summary>
internal static class Markers
{
    /// <summary>Waits for a marker a script writes; fails early when that script's FreeCAD already ended.</summary>
    public static async Task WaitAsync(string folder, string name, Task<FreeCadResult> writer, TimeSpan timeout)
    {
        var path = Path.Combine(folder, name);
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(path))
        {
            if (writer.IsCompleted)
            {
                var result = await writer;
                result.AssertOk();
                Assert.Fail($"The script ended without writing {name}.\n{FreeCadResult.Tail(result.Output, 60)}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"No {name} within {timeout}.");
            await Task.WhenAny(writer, Task.Delay(200));
        }
    }
}

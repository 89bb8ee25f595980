using System.Globalization;
using System.Net;
using Silo.Server.Tests.EditSessions;
using Silo.Server.Tests.Locks;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Metrics;

public sealed class MetricsApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private Editor _alice = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-1");
        await _server.CreateItemAsync("PRT-2");
        _alice = await _server.CreateEditorAsync("alice");
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Every sample of the scrape, keyed by the series as written (name and labels).</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        using var anonymous = _server.Client();
        using var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => (Series: line[..line.LastIndexOf(' ')], Value: double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
            .ToDictionary(s => s.Series, s => s.Value);
    }

    [Fact]
    public async Task Metrics_EmptyServer_ReportsEverySeriesAtZero()
    {
        var samples = await ScrapeAsync();

        Assert.Equal(0, samples["silo_event_streams"]);
        Assert.Equal(0, samples["silo_event_lag"]);
        Assert.Equal(0, samples["silo_locks"]);
        Assert.Equal(0, samples["silo_edit_sessions"]);
        Assert.Equal(0, samples["silo_checkpoint_bytes_total"]);
    }

    [Fact]
    public async Task Metrics_AfterLockSessionCheckpointAndStream_ReportsWhatMoved()
    {
        Assert.Equal(HttpStatusCode.Created, (await _alice.Http.AcquireAsync("PRT-1")).StatusCode);
        await _alice.GrantAsync("PRT-2", "sketch", "Sketch001");
        await PushAsync(_server, _alice.Http, "PRT-2", RandomBytes(300_000), "sketch_close");
        await PushAsync(_server, _alice.Http, "PRT-2", RandomBytes(1_000), "manual");
        // Resuming from the start replays the log after subscribing: an event read means the stream is counted.
        await using var stream = await SseClient.ConnectAsync(_alice.Http, lastEventId: "0");
        using var patience = new CancellationTokenSource(EditSessionTestKit.SseTimeout);
        Assert.NotNull(await stream.ReadEventAsync(patience.Token));

        var samples = await ScrapeAsync();

        Assert.Equal(1, samples["silo_event_streams"]);
        Assert.Equal(1, samples["silo_locks"]);
        Assert.Equal(1, samples["silo_edit_sessions"]);
        Assert.Equal(301_000, samples["silo_checkpoint_bytes_total"]);
        Assert.InRange(samples["silo_event_lag"], 0, await _server.EventCountAsync());
        var checkpointPosts = samples.Single(s => s.Key.StartsWith("http_requests_received_total{", StringComparison.Ordinal)
            && s.Key.Contains("code=\"201\"", StringComparison.Ordinal) && s.Key.Contains("method=\"POST\"", StringComparison.Ordinal)
            && s.Key.Contains("endpoint=\"/api/items/{partNumber}/checkpoint\"", StringComparison.Ordinal));
        Assert.Equal(2, checkpointPosts.Value);
    }

    [Fact]
    public async Task Metrics_LockExpired_CountsNoLock()
    {
        Assert.Equal(HttpStatusCode.Created, (await _alice.Http.AcquireAsync("PRT-1")).StatusCode);
        Assert.Equal(1, (await ScrapeAsync())["silo_locks"]);

        _server.Clock.Advance(TimeSpan.FromHours(25));

        Assert.Equal(0, (await ScrapeAsync())["silo_locks"]);
    }
}

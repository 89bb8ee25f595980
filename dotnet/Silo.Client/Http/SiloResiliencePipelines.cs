using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Silo.Client.Http;

/// <summary>
/// The Polly pipelines every Silo request runs through, as the client's resilience handler
/// (Microsoft.Extensions.Http.Resilience) picks them per request: retry outside, circuit breaker
/// inside for the server's own origin, so each attempt counts towards the breaker and an open
/// circuit ends the retries at once. A singleton, so the breaker's control outlives
/// IHttpClientFactory's handler rotation like the pipelines the handler keeps.
/// </summary>
internal sealed class SiloResiliencePipelines
{
    /// <summary>The acquire budget's token, when the request runs under one.</summary>
    public static readonly HttpRequestOptionsKey<CancellationToken> BudgetKey = new("Silo.Budget");

    private const string ServerPipeline = "server";

    /// <summary>Presigned URLs may point at another host (a CDN); its failures say nothing about the server.</summary>
    private const string ElsewherePipeline = "elsewhere";

    /// <summary>A probe is sent once and past the breaker: see <see cref="ResilienceHandler"/>.</summary>
    private const string ProbePipeline = "probe";

    private readonly SiloClientOptions _options;
    private readonly CircuitBreakerManualControl _breakerControl = new();
    private readonly CircuitBreakerStateProvider _breakerState = new();

    public SiloResiliencePipelines(IOptions<SiloClientOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        Time = time ?? TimeProvider.System;
        ServerAddress = _options.BaseAddress;
        AcquireBudget = _options.AcquireBudget;
    }

    /// <summary>
    /// The server answered a probe: an open circuit closes now instead of at the end of its break,
    /// so work that waited for the server (the checkpoint outbox) goes through at once.
    /// </summary>
    public async Task ServerAnsweredAsync()
    {
        if (_breakerState.CircuitState is CircuitState.Open or CircuitState.HalfOpen) await _breakerControl.CloseAsync().ConfigureAwait(false);
    }

    public TimeProvider Time { get; }

    public Uri? ServerAddress { get; }

    public TimeSpan AcquireBudget { get; }

    /// <summary>Which pipeline the request runs through; the handler builds each once, by this name.</summary>
    public string PipelineFor(HttpRequestMessage request) =>
        request.Is(SiloRequestOptions.Probe) ? ProbePipeline : IsServer(request.RequestUri) ? ServerPipeline : ElsewherePipeline;

    /// <summary>Only the server's own origin goes through the breaker.</summary>
    public bool IsServer(Uri? uri) =>
        uri is not null && ServerAddress is { } server
        && Uri.Compare(uri, server, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    public void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, string pipeline)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var o = _options;
        var time = Time;
        builder.TimeProvider = time;
        if (pipeline == ProbePipeline) return;
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                MaxDelay = o.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Context.GetRequestMessage() is { } request && ShouldRetry(args.Outcome, request)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, o.MaxRetryDelay, time)),
                OnRetry = args =>
                {
                    // The failed answer is dropped for the next attempt; its connection goes back to the pool.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        if (pipeline == ServerPipeline && o.CircuitBreakerEnabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ManualControl = _breakerControl,
                StateProvider = _breakerState,
                FailureRatio = o.CircuitBreakerFailureRatio,
                MinimumThroughput = o.CircuitBreakerMinimumThroughput,
                SamplingDuration = o.CircuitBreakerSamplingDuration,
                BreakDuration = o.CircuitBreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(ServerDown(args.Outcome, args.Context)),
            });
        }
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage request) => outcome switch
    {
        { Exception: HttpRequestException e } => TransientFailures.NeverSent(e) || (e.StatusCode is null && TransientFailures.MayRepeat(request)),
        { Result: { } response } => TransientFailures.IsTransient(response.StatusCode) && TransientFailures.MayRepeat(request),
        _ => false,
    };

    /// <summary>
    /// What says the server is down rather than busy or refusing: no connection or a broken one,
    /// no answer within the acquire budget, or a gateway's 502/503/504. 4xx (429 included) are answers from a live server.
    /// </summary>
    private static bool ServerDown(Outcome<HttpResponseMessage> outcome, ResilienceContext context) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        // A server that accepts and never answers is down too; the budget is what notices.
        { Exception: OperationCanceledException } => context.GetRequestMessage() is { } request
            && request.Options.TryGetValue(BudgetKey, out var budget) && budget.IsCancellationRequested,
        { Result: { } response } => TransientFailures.IsServerDown(response.StatusCode),
        _ => false,
    };

    /// <summary>The server's Retry-After when it sent one (429, 503); null keeps the backoff.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } at ? at - time.GetUtcNow() : null);
        return delay is { } d && d > TimeSpan.Zero ? (d < max ? d : max) : null;
    }
}

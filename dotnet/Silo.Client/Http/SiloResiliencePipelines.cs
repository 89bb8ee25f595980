using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Silo.Client.Http;

/// <summary>
/// The Polly pipelines every Silo request runs through: retry outside, circuit breaker inside,
/// so each attempt counts towards the breaker and an open circuit ends the retries at once.
/// A singleton, so the breaker's state outlives IHttpClientFactory's handler rotation: a server
/// that is down stays known to be down when the factory builds a fresh handler chain.
/// </summary>
internal sealed class SiloResiliencePipelines
{
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Silo.Request");

    /// <summary>The acquire budget's token, when the request runs under one.</summary>
    public static readonly ResiliencePropertyKey<CancellationToken> BudgetKey = new("Silo.Budget");

    private readonly CircuitBreakerManualControl _breakerControl = new();
    private readonly CircuitBreakerStateProvider _breakerState = new();

    public SiloResiliencePipelines(IOptions<SiloClientOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        Time = time ?? TimeProvider.System;
        ServerAddress = o.BaseAddress;
        AcquireBudget = o.AcquireBudget;
        Server = Build(o, Time, o.CircuitBreakerEnabled ? (_breakerControl, _breakerState) : null);
        // Presigned URLs may point at another host (a CDN); its failures say nothing about the server.
        Elsewhere = Build(o, Time, breaker: null);
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

    public ResiliencePipeline<HttpResponseMessage> Server { get; }

    public ResiliencePipeline<HttpResponseMessage> Elsewhere { get; }

    private static ResiliencePipeline<HttpResponseMessage> Build(
        SiloClientOptions o, TimeProvider time, (CircuitBreakerManualControl Control, CircuitBreakerStateProvider State)? breaker)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                MaxDelay = o.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(RequestKey, null!))),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, o.MaxRetryDelay, time)),
                OnRetry = args =>
                {
                    // The failed answer is dropped for the next attempt; its connection goes back to the pool.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        if (breaker is { } b)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ManualControl = b.Control,
                StateProvider = b.State,
                FailureRatio = o.CircuitBreakerFailureRatio,
                MinimumThroughput = o.CircuitBreakerMinimumThroughput,
                SamplingDuration = o.CircuitBreakerSamplingDuration,
                BreakDuration = o.CircuitBreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(ServerDown(args.Outcome, args.Context)),
            });
        }
        return builder.Build();
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
        { Exception: OperationCanceledException } => context.Properties.GetValue(BudgetKey, CancellationToken.None).IsCancellationRequested,
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

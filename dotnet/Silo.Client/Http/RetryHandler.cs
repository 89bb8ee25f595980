using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Silo.Client.Http;

/// <summary>
/// Retries transient failures of requests that are safe to repeat, on a Polly pipeline. It sits
/// inside HttpClient's overall timeout, so retries never extend a call beyond
/// <see cref="SiloClientOptions.Timeout"/>, and a caller's cancellation stops them at once.
/// </summary>
public sealed class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Silo.Request");
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RetryHandler(IOptions<SiloClientOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, o.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                MaxDelay = o.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(RequestKey, null!))),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, o.MaxRetryDelay)),
                OnRetry = args =>
                {
                    // The failed answer is dropped for the next attempt; its connection goes back to the pool.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context, (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage request) => outcome switch
    {
        { Exception: HttpRequestException e } => TransientFailures.NeverSent(e) || (e.StatusCode is null && TransientFailures.MayRepeat(request)),
        { Result: { } response } => TransientFailures.IsTransient(response.StatusCode) && TransientFailures.MayRepeat(request),
        _ => false,
    };

    /// <summary>The server's Retry-After when it sent one (429, 503); null keeps the backoff.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } at ? at - DateTimeOffset.UtcNow : null);
        return delay is { } d && d > TimeSpan.Zero ? (d < max ? d : max) : null;
    }
}

using Polly;
using Polly.CircuitBreaker;
using Silo.Client.Errors;

namespace Silo.Client.Http;

/// <summary>
/// Runs every request through <see cref="SiloResiliencePipelines"/>: retries of transient
/// failures for requests safe to repeat, a circuit breaker that fails fast while the server is
/// down, and a hard time budget for the context-entry call. It sits inside HttpClient's overall
/// timeout, so retries never extend a call beyond <see cref="SiloClientOptions.Timeout"/>, and a
/// caller's cancellation stops them at once.
/// </summary>
internal sealed class ResilienceHandler(SiloResiliencePipelines pipelines) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Is(SiloRequestOptions.Probe)) return await ProbeAsync(request, cancellationToken).ConfigureAwait(false);
        var pipeline = IsServer(request.RequestUri) ? pipelines.Server : pipelines.Elsewhere;
        // Entering a context blocks the user's click; past the budget the workbench must decide
        // (offline, read-only) instead of waiting out retries or a stalled server.
        using var budget = request.Is(SiloRequestOptions.ContextEntry) ? new CancellationTokenSource(pipelines.AcquireBudget, pipelines.Time) : null;
        using var linked = budget is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var context = ResilienceContextPool.Shared.Get(linked?.Token ?? cancellationToken);
        context.Properties.Set(SiloResiliencePipelines.RequestKey, request);
        if (budget is not null) context.Properties.Set(SiloResiliencePipelines.BudgetKey, budget.Token);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
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
            switch (outcome.Exception)
            {
                case BrokenCircuitException e:
                    throw new UnavailableException(
                        $"{request.Method} {request.RequestUri}: the Silo server failed several times in a row, so it is not asked again"
                        + (e.RetryAfter is { } after ? $" for about {Math.Ceiling(after.TotalSeconds):0} s." : " for a while."), e)
                    {
                        Server = UnavailableException.ServerOf(request.RequestUri),
                    };
                case OperationCanceledException e when budget is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested:
                    throw new UnavailableException(
                        $"{request.Method} {request.RequestUri}: the Silo server did not answer within the budget of {pipelines.AcquireBudget.TotalSeconds:0.###} s.", e)
                    {
                        Server = UnavailableException.ServerOf(request.RequestUri),
                    };
            }
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);

    /// <summary>
    /// Asks whether the server is back: an open circuit must not hide the answer (that is what is
    /// being asked), and a retry would only delay it. An answer closes the circuit.
    /// </summary>
    private async Task<HttpResponseMessage> ProbeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && IsServer(request.RequestUri)) await pipelines.ServerAnsweredAsync().ConfigureAwait(false);
        return response;
    }

    /// <summary>Only the server's own origin goes through the breaker; see <see cref="SiloResiliencePipelines.Elsewhere"/>.</summary>
    private bool IsServer(Uri? uri) =>
        uri is not null && pipelines.ServerAddress is { } server
        && Uri.Compare(uri, server, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}

using Polly.CircuitBreaker;
using Silo.Client.Errors;

namespace Silo.Client.Http;

/// <summary>
/// What the Polly pipelines (<see cref="SiloResiliencePipelines"/>, run by the resilience handler
/// of Microsoft.Extensions.Http.Resilience just inside this one) cannot do alone: the hard time
/// budget of the context-entry call, a probe's answer closing the circuit, and their failures as
/// <see cref="UnavailableException"/>. It sits inside HttpClient's overall timeout, so retries
/// never extend a call beyond <see cref="SiloClientOptions.Timeout"/>, and a caller's cancellation
/// stops them at once.
/// </summary>
internal sealed class ResilienceHandler(SiloResiliencePipelines pipelines) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Is(SiloRequestOptions.Probe)) return await ProbeAsync(request, cancellationToken).ConfigureAwait(false);
        // Entering a context blocks the user's click; past the budget the workbench must decide
        // (offline, read-only) instead of waiting out retries or a stalled server.
        using var budget = request.Is(SiloRequestOptions.ContextEntry) ? new CancellationTokenSource(pipelines.AcquireBudget, pipelines.Time) : null;
        using var linked = budget is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        if (budget is not null) request.Options.Set(SiloResiliencePipelines.BudgetKey, budget.Token);
        try
        {
            return await base.SendAsync(request, linked?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException e)
        {
            throw new UnavailableException(
                $"{request.Method} {request.RequestUri}: the Silo server failed several times in a row, so it is not asked again"
                + (e.RetryAfter is { } after ? $" for about {Math.Ceiling(after.TotalSeconds):0} s." : " for a while."), e)
            {
                Server = UnavailableException.ServerOf(request.RequestUri),
            };
        }
        catch (OperationCanceledException e) when (budget is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            throw new UnavailableException(
                $"{request.Method} {request.RequestUri}: the Silo server did not answer within the budget of {pipelines.AcquireBudget.TotalSeconds:0.###} s.", e)
            {
                Server = UnavailableException.ServerOf(request.RequestUri),
            };
        }
    }

    /// <summary>
    /// Asks whether the server is back: an open circuit must not hide the answer (that is what is
    /// being asked), and a retry would only delay it, so it runs through no strategy. An answer closes the circuit.
    /// </summary>
    private async Task<HttpResponseMessage> ProbeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && pipelines.IsServer(request.RequestUri)) await pipelines.ServerAnsweredAsync().ConfigureAwait(false);
        return response;
    }
}

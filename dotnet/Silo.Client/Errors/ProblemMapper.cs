using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Protocol.EditSessions;
using Silo.Client.Http;
using Silo.Protocol.Lineage;
using Silo.Protocol.Locks;

namespace Silo.Client.Errors;

/// <summary>Turns a refused response into the exception type its status and problem document call for.</summary>
internal static class ProblemMapper
{
    public static async Task<SiloApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var problem = await ReadProblemAsync(response, ct).ConfigureAwait(false);
        var status = response.StatusCode;
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new AuthException(status, problem),
            HttpStatusCode.NotFound => new NotFoundException(status, problem),
            HttpStatusCode.Conflict when problem.Code == StaleBaseException.Code => new StaleBaseException(status, problem, problem.Extension<ItemVersion>("head")),
            HttpStatusCode.Conflict when problem.Extension<EditSessionHolder>("holder") is { } holder
                && problem.Code is "hard_interference" or "item_locked" => new HardInterferenceException(status, problem, holder),
            // A check-out lock in the way: the holder is the lock itself, and there is no code.
            HttpStatusCode.Conflict when problem.Code is null && problem.Extension<ItemLock>("holder") is { LockedBy: not null } lockHolder
                => new ItemLockedException(status, problem, lockHolder),
            HttpStatusCode.Conflict => new ConflictException(status, problem),
            HttpStatusCode.UnprocessableEntity => new ValidationException(status, problem),
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => new UnavailableException(status, problem),
            _ => new SiloApiException(status, problem),
        };
    }

    private static async Task<SiloProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var fallback = new SiloProblem { Status = (int)response.StatusCode, Title = response.ReasonPhrase };
        // A proxy in front of the server may answer HTML or nothing; the status alone must still map.
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json")) return fallback;
        try
        {
            return await response.Content.ReadFromJsonAsync<SiloProblem>(SiloClientJson.Options, ct).ConfigureAwait(false) ?? fallback;
        }
        catch (JsonException)
        {
            return fallback;
        }
    }
}

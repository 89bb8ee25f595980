using System.Net;
using Silo.Client.Errors;

namespace SiloMod.Core.Checkpoints;

internal enum PushFailure
{
    /// <summary>The server could not be reached: wait and try again, as long as it takes.</summary>
    Unreachable,

    /// <summary>The token was refused: nothing is wrong with the checkpoint, and a new token cures it, so keep it.</summary>
    Unauthorized,

    /// <summary>The server failed (500): perhaps passing, so retried a few times.</summary>
    ServerError,

    /// <summary>Someone else's newer version is the head: the user decides (overwrite, keep a copy, discard).</summary>
    Stale,

    /// <summary>A refusal no retry can change (superseded, unknown item, invalid, an unreadable snapshot).</summary>
    Refused,
}

internal static class PushFailures
{
    public static PushFailure Classify(Exception e) => e switch
    {
        UnavailableException => PushFailure.Unreachable,
        StaleBaseException => PushFailure.Stale,
        AuthException => PushFailure.Unauthorized,
        SiloApiException { StatusCode: { } status } when (int)status >= 500 && status != HttpStatusCode.NotImplemented => PushFailure.ServerError,
        _ => PushFailure.Refused,
    };
}

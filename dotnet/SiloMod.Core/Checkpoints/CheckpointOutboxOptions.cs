using Silo.Client.Files;

namespace SiloMod.Core.Checkpoints;

public sealed record CheckpointOutboxOptions
{
    /// <summary>The first wait after a push the server could not take; each further one doubles it.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Pushes answered with a server error (500) before the entry is given up: such an answer may
    /// be a passing fault, but one that repeats would hold every later checkpoint back forever.
    /// </summary>
    public int MaxServerErrorAttempts { get; init; } = 5;

    /// <summary>
    /// While the server cannot be reached, how often a cheap probe asks whether it is back, so
    /// waiting checkpoints leave soon after it returns rather than at the end of a long back-off.
    /// </summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one probe waits for an answer.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The user's name, for the names of conflict copies ("…(conflict copy, bob, …)").</summary>
    public string UserName { get; init; } = Environment.UserName;

    /// <summary>
    /// Where the hash of each document copied into the outbox is noted with the file's stamp, so an
    /// exit that finds the document untouched since needs no read of it.
    /// </summary>
    public FileHashCache? Hashes { get; init; }
}

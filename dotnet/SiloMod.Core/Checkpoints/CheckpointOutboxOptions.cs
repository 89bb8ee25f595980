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

    /// <summary>The user's name, for the names of conflict copies ("…(conflict copy, bob, …)").</summary>
    public string UserName { get; init; } = Environment.UserName;
}

namespace Silo.Bench.Sessions;

/// <summary>What the sessions scenario reports to a comparison across set-ups: medians of the rounds.</summary>
internal sealed record SessionFigures(double AcquireP50Ms, double AcquireP99Ms);

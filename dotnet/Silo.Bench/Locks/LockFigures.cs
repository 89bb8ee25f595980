namespace Silo.Bench.Locks;

/// <summary>What the locks scenario reports to a comparison across set-ups.</summary>
internal sealed record LockFigures(double PairsPerSecond, double PairP99Ms);

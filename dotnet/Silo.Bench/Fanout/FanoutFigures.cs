namespace Silo.Bench.Fanout;

/// <summary>What the fanout scenario reports to a comparison across set-ups: commit to delivery over all rounds.</summary>
internal sealed record FanoutFigures(double DeliveryP50Ms, double DeliveryP99Ms);

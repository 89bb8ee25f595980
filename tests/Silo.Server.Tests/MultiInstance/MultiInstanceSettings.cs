using System.Globalization;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// The sizes of the multi-instance runs: the acceptance figures on PostgreSQL, and what one SQLite
/// instance can carry on two shared cores within a few minutes. Each can be overridden from the
/// environment (<c>SILO_MI_INSTANCES</c>, <c>SILO_MI_OPERATIONS</c>, <c>SILO_MI_KILLS</c>).
/// </summary>
internal sealed record MultiInstanceSettings(int Instances, int Operations, int Kills)
{
    public const int Clients = 32;

    public static MultiInstanceSettings Current => new(
        Read("SILO_MI_INSTANCES", ClusterStorage.PostgresConfigured ? 3 : 1),
        Read("SILO_MI_OPERATIONS", 10_000),
        Read("SILO_MI_KILLS", ClusterStorage.PostgresConfigured ? 20 : 10));

    /// <summary>The run's storage and size, as the tests' single theory case: the name says which acceptance ran.</summary>
    public static TheoryData<string> Mode =>
    [
        (ClusterStorage.PostgresConfigured ? "PostgreSQL" : "SQLite") + $", {Current.Instances} instance(s)",
    ];

    private static int Read(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}

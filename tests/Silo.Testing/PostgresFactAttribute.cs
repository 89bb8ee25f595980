using Xunit;

namespace Silo.Testing;

/// <summary>
/// A test that needs a real PostgreSQL server: it runs when <see cref="Variable"/> holds a
/// connection string (./test.sh starts a throwaway cluster and sets it) and is skipped, saying
/// why, on a developer's machine without one.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "SILO_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null) Skip = Variable + " is not set";
    }

    /// <summary>The connection string of the test cluster, null when none is configured.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}

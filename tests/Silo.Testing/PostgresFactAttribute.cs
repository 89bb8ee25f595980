using Xunit;

namespace Silo.Testing;

/// <summary>
/// A test about the PostgreSQL engine itself: it runs when the suite runs on PostgreSQL
/// (<see cref="TestPostgres"/>, as test.sh's second pass does) and is reported skipped, saying
/// why, on a developer's machine without a cluster.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.Enabled) Skip = $"Needs a PostgreSQL cluster in {TestPostgres.Variable} (test.sh provides one).";
    }
}

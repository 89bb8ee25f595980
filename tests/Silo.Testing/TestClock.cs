using Microsoft.Extensions.Time.Testing;

namespace Silo.Testing;

/// <summary>
/// Every test clock starts at the same fixed instant, so dates a test sees (and stores in the
/// server's database) are the same on every run.
/// </summary>
public static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider New() => new(Start);
}

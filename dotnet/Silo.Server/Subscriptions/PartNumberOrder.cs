namespace Silo.Server.Subscriptions;

/// <summary>
/// Part numbers ordered the way SQLite's NOCASE collation orders them (ASCII letters folded to
/// lower case, then ordinal), so in-memory order and cursors agree with the database's uniqueness.
/// </summary>
public sealed class PartNumberOrder : IComparer<string>
{
    public static readonly PartNumberOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = Fold(x[i]);
            var b = Fold(y[i]);
            if (a != b) return a.CompareTo(b);
        }
        return x.Length.CompareTo(y.Length);
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

namespace Silo.Server.Storage;

/// <summary>
/// The few SQL fragments that SQLite and PostgreSQL spell differently. Everything else the stores
/// write runs on both as it is: <c>ON CONFLICT … DO NOTHING/UPDATE</c>, <c>RETURNING</c>,
/// <c>IS DISTINCT FROM</c>, and <c>COLLATE NOCASE</c> (PostgreSQL's schema defines a case-insensitive
/// collation of that name). Tables that order ties by <c>rowid</c> have a <c>rowid</c> identity column
/// on PostgreSQL, so those queries need no fragment either.
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(postgres: false);

    private readonly long _eventIdLockKey;

    private SqlDialect(bool postgres, long eventIdLockKey = 0)
    {
        IsPostgres = postgres;
        _eventIdLockKey = eventIdLockKey;
    }

    /// <summary>The dialect of a silo stored in PostgreSQL, in the schema <paramref name="scope"/> names.</summary>
    public static SqlDialect Postgres(PostgresScope scope) => new(postgres: true, scope.LockKey("event ids"));

    public bool IsPostgres { get; }

    /// <summary>
    /// A JSON array of scalars (a parameter) as a table named <paramref name="alias"/> with
    /// <c>value</c> (text) and <c>key</c> (its position from 0).
    /// </summary>
    public string JsonValues(string parameter, string alias) => IsPostgres
        ? $"(SELECT t.value, t.ordinality - 1 AS key FROM json_array_elements_text(CAST({parameter} AS json)) WITH ORDINALITY AS t(value, ordinality)) {alias}"
        : $"json_each({parameter}) {alias}";

    /// <summary>A JSON array of arrays (a parameter) as a table named <paramref name="alias"/>, one row per inner array; see <see cref="JsonField"/>.</summary>
    public string JsonRows(string parameter, string alias) => IsPostgres
        ? $"json_array_elements(CAST({parameter} AS json)) AS {alias}(value)"
        : $"json_each({parameter}) {alias}";

    /// <summary>Element <paramref name="index"/> of a row of <see cref="JsonRows"/>, as text (cast it for numbers).</summary>
    public string JsonField(string alias, int index) => IsPostgres
        ? $"({alias}.value ->> {index})"
        : $"({alias}.value ->> '$[{index}]')";

    /// <summary>
    /// <c>column LIKE</c> without regard to ASCII case, as SQLite's LIKE is. PostgreSQL's LIKE is
    /// case-sensitive, and refuses a case-insensitive (nondeterministic) collation, hence ILIKE on "C".
    /// </summary>
    public string LikeNoCase(string column) => IsPostgres ? $"{column} COLLATE \"C\" ILIKE" : $"{column} LIKE";

    /// <summary>
    /// <c>column IN</c> the text values of a JSON array parameter (serialize the list, do not pass
    /// it as is). One parameter whatever the list's length, so the statement's text stays the same
    /// and its compiled form is kept; a list itself Dapper would spread into a parameter per element.
    /// </summary>
    public string InList(string column, string parameter) => $"{column} IN (SELECT in_list.value FROM {JsonValues(parameter, "in_list")})";

    /// <summary>
    /// A case-insensitive column as a sort and range key in the order <see cref="Subscriptions.PartNumberOrder"/>
    /// gives (ASCII folded, then bytes). On SQLite the column's NOCASE collation is that order;
    /// PostgreSQL's case-insensitive collation sorts punctuation its own way, so it compares the folded text.
    /// </summary>
    public string NoCaseKey(string column) => IsPostgres ? $"lower({column}) COLLATE \"C\"" : column;

    /// <summary>
    /// Run before an event-appending statement takes ids; see <see cref="Events.EventLog"/>. SQLite's
    /// single writer already commits ids in order, so it needs nothing.
    /// </summary>
    public string? EventIdOrder => IsPostgres ? $"SELECT pg_advisory_xact_lock({_eventIdLockKey})" : null;
}

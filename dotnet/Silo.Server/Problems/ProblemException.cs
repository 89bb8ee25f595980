namespace Silo.Server.Problems;

/// <summary>
/// A client-caused failure that becomes an <c>application/problem+json</c> response. Thrown inside
/// a write transaction it also rolls the transaction back, so a refused request changes nothing.
/// </summary>
public class ProblemException(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public static ProblemException NotFound(string detail) => Of<ProblemStatus.NotFound>(detail);

    public static ProblemException Forbidden(string detail) => Of<ProblemStatus.Forbidden>(detail);

    public static ProblemException Conflict(string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        Of<ProblemStatus.Conflict>(detail, extensions);

    public static ProblemException BadRequest(string detail) => Of<ProblemStatus.BadRequest>(detail);

    public static ProblemException TooLarge(string detail) => Of<ProblemStatus.TooLarge>(detail);

    public static ProblemException Unsupported(string detail) => Of<ProblemStatus.Unsupported>(detail);

    private static ProblemException Of<TStatus>(string detail, IReadOnlyDictionary<string, object?>? extensions = null) where TStatus : IProblemStatus =>
        new(TStatus.Code, TStatus.Title, detail, extensions);
}

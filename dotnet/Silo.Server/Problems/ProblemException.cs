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

    public static ProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemException Conflict(string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail, extensions);

    public static ProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ProblemException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);

    public static ProblemException Unsupported(string detail) => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);
}

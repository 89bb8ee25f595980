using System.Net;

namespace Silo.Client.Errors;

/// <summary>422: well-formed values that break a rule; <see cref="Errors"/> maps each field to its messages.</summary>
public sealed class ValidationException : SiloApiException
{
    public ValidationException()
    {
    }

    public ValidationException(string message)
        : base(message)
    {
    }

    public ValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ValidationException(HttpStatusCode status, SiloProblem problem)
        : base(status, problem)
    {
        Errors = problem.Extension<Dictionary<string, string[]>>("errors") ?? [];
    }

    /// <summary>Field path (<c>pinned_revision</c>, <c>items[3].part_number</c>) to messages; empty when the server named none.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = new Dictionary<string, string[]>();
}

namespace Silo.Server.Problems;

/// <summary>Well-formed JSON whose values break a rule: 422 with the offending fields.</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : ProblemException(StatusCodes.Status422UnprocessableEntity, "Validation failed",
        string.Join(" ", errors.SelectMany(e => e.Value)),
        new Dictionary<string, object?> { ["errors"] = errors })
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

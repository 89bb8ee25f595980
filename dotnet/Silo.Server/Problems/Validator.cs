namespace Silo.Server.Problems;

/// <summary>Collects every broken rule of a request so the client learns them all at once.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public Validator Check(bool ok, string field, string message)
    {
        if (!ok) Add(field, message);
        return this;
    }

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Runs a rule that returns an error message, or null when the value is fine.</summary>
    public Validator Rule(string field, string? error) => error is null ? this : Add(field, error);

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}

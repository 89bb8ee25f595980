using Silo.Protocol.Events;
using System.Text.Json;

namespace Silo.Protocol.Tests.Support;

/// <summary>
/// Instances of wire records with a value other than the default in every field, each value
/// distinct, so a field lost, renamed or swapped on the way shows up as a difference.
/// </summary>
public sealed class Samples
{
    private int _next = 1;

    /// <summary>Every public, concrete record of Silo.Protocol's feature namespaces: a record added later is covered without a change here.</summary>
    public static IReadOnlyList<Type> WireRecords() =>
        typeof(EventTypes).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.Namespace?.StartsWith("Silo.Protocol.", StringComparison.Ordinal) == true && IsRecord(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    public static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    public object Build(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var args = constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name!)).ToArray();
        return constructor.Invoke(args);
    }

    private object Value(Type type, string name)
    {
        var n = _next++;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return $"{name}-{n}";
        if (underlying == typeof(int)) return n;
        if (underlying == typeof(long)) return 1_000_000L + n;
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero).AddSeconds(n).AddTicks(1234);
        if (underlying == typeof(JsonElement)) return JsonDocument.Parse($$"""{"field":"{{name}}","n":{{n}}}""").RootElement.Clone();
        if (underlying.IsEnum)
        {
            var values = Enum.GetValues(underlying);
            return values.GetValue(n % values.Length is 0 ? values.Length - 1 : n % values.Length)!;
        }
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = underlying.GetGenericArguments()[0];
            var list = Array.CreateInstance(element, 2);
            list.SetValue(Value(element, name), 0);
            list.SetValue(Value(element, name), 1);
            return list;
        }
        if (IsRecord(underlying)) return Build(underlying);
        throw new NotSupportedException($"No sample value for {type} ({name}): teach Samples this type.");
    }
}

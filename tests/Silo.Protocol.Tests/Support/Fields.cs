using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Silo.Protocol.Tests.Support;

public static class Fields
{
    /// <summary>
    /// Compares two values field by field (the properties the wire carries), naming the first field
    /// that differs: a record's equality would stop at list references and say nothing of where.
    /// </summary>
    public static void AssertSame(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }
        if (expected is IEnumerable list and not string)
        {
            // Lists are compared by their entries: the reader may choose another list type.
            var left = list.Cast<object?>().ToList();
            var right = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} entries, got {right.Count}");
            for (var i = 0; i < left.Count; i++) AssertSame(left[i], right[i], $"{path}[{i}]");
            return;
        }
        var type = expected.GetType();
        Assert.True(type == actual.GetType(), $"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        switch (expected)
        {
            case JsonElement e:
                Assert.True(JsonElement.DeepEquals(e, (JsonElement)actual), $"{path}: expected {e.GetRawText()}, got {((JsonElement)actual).GetRawText()}");
                return;
            case string or ValueType:
                Assert.True(Equals(expected, actual), $"{path}: expected {Show(expected)}, got {Show(actual)}");
                return;
        }
        foreach (var property in WireProperties(type))
            AssertSame(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }

    public static IEnumerable<PropertyInfo> WireProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null);

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => value.ToString() ?? "",
    };
}

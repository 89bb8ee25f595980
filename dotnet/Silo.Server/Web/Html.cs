using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;

namespace Silo.Server.Web;

/// <summary>
/// A fragment of markup that is already safe to emit. Pages are built with <see cref="Of"/>, whose
/// interpolation holes are HTML-encoded unless they are themselves <see cref="Html"/>: escaping is the
/// default, so a part number or description can never become markup by someone forgetting a call.
/// </summary>
public readonly record struct Html(string Value)
{
    public static readonly Html Empty = new("");

    public static Html Of(ref HtmlInterpolation markup) => new(markup.ToStringAndClear());

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public override string ToString() => Value;
}

[InterpolatedStringHandler]
public ref struct HtmlInterpolation(int literalLength, int formattedCount)
{
    private DefaultInterpolatedStringHandler _inner = new(literalLength, formattedCount, CultureInfo.InvariantCulture);

    public void AppendLiteral(string literal) => _inner.AppendLiteral(literal);

    public void AppendFormatted(Html markup) => _inner.AppendLiteral(markup.Value);

    public void AppendFormatted(string? text) => _inner.AppendLiteral(Html.Encode(text));

    public void AppendFormatted<T>(T value) => _inner.AppendLiteral(Html.Encode(Convert.ToString(value, CultureInfo.InvariantCulture)));

    public string ToStringAndClear() => _inner.ToStringAndClear();
}

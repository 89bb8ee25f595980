using System.Buffers.Text;
using System.Text;
using Silo.Server.Items;

namespace Silo.Server.Sync;

/// <summary>
/// The position in a sync diff: after this part number. Opaque to clients (base64url), and keyed
/// on the order rather than an offset, so entries that appear or vanish between pages do not make
/// the client skip or repeat others.
/// </summary>
public static class SyncCursor
{
    private const string Prefix = "after:";

    public static string Encode(string partNumber) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + partNumber));

    /// <returns>The part number to continue after, or null when the cursor is not one this server made.</returns>
    public static string? Decode(string cursor)
    {
        if (cursor.Length > 256 || !Base64Url.IsValid(cursor)) return null;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var partNumber = text[Prefix.Length..];
        return NameRules.CheckPartNumber(partNumber) is null ? partNumber : null;
    }
}

namespace Silo.Server.Storage;

/// <summary>
/// A blob taken out of the store inside a write transaction but not destroyed yet: its file waits
/// in the store's temp folder until the transaction's outcome is known. <see cref="Complete"/>
/// deletes it once the removal of its row is durable; <see cref="Undo"/> puts it back when the
/// transaction rolled back (or is run again), so a row is never left without its file.
/// </summary>
public sealed class BlobRemoval(string path, string asidePath)
{
    /// <summary>The name a set-aside file carries, so a start after a crash can put it back.</summary>
    public const string Suffix = ".removed";

    public void Complete() => File.Delete(asidePath);

    public void Undo() => Restore(asidePath, path);

    /// <summary>Moves a set-aside file back, unless the same bytes (the same name) were stored again meanwhile.</summary>
    internal static void Restore(string asidePath, string path)
    {
        try
        {
            File.Move(asidePath, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(asidePath);
        }
    }
}

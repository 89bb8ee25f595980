namespace Silo.Protocol.Sync;

public static class SyncActions
{
    public const string Download = "download";
    public const string Update = "update";
    public const string Remove = "remove";
}

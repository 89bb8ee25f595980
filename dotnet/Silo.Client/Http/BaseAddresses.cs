namespace Silo.Client.Http;

internal static class BaseAddresses
{
    /// <summary>
    /// API paths are relative ("api/items"), so a server mounted under a prefix
    /// (https://host/silo) needs the trailing slash or the prefix would be replaced, not extended.
    /// </summary>
    public static Uri AsDirectory(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}

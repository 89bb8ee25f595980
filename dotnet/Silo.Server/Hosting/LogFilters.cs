namespace Silo.Server.Hosting;

internal static class LogFilters
{
    /// <summary>
    /// The framework's request lines give way to <see cref="RequestLog"/>'s single line; its
    /// warnings and errors still get through. Added in code, after the configuration's rules, so a
    /// general <c>Logging:LogLevel:Default=Debug</c> cannot bring back URLs with signatures.
    /// </summary>
    public static ILoggingBuilder AddSiloLogFilters(this ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Said once per new key on every machine without a key-encryption certificate. The key ring
        // sits in the data directory beside the database and the URL signing key, which are not
        // encrypted either; the folder's permissions are what protect all three.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        return logging;
    }
}

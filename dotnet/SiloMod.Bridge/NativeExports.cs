using System.Runtime.InteropServices;
using System.Text;

namespace SiloMod.Bridge;

/// <summary>
/// The native-hosting transport: entry points fetched through hostfxr's
/// <c>load_assembly_and_get_function_pointer</c> with <c>UNMANAGEDCALLERSONLY_METHOD</c>.
/// Strings cross as UTF-8; results are allocated here and given back through <see cref="FreeResult"/>.
/// </summary>
public static unsafe class NativeExports
{
    private static readonly Lazy<BridgeDispatcher> s_dispatcher = new(() => new BridgeDispatcher("native", () => CoreFactories.Default));
    private static IntPtr s_callback;

    /// <summary>Registers the one event callback, <c>void(byte* utf8Json, int length)</c>; zero unregisters.</summary>
    /// <returns>0.</returns>
    [UnmanagedCallersOnly]
    public static int Initialize(IntPtr callback)
    {
        Volatile.Write(ref s_callback, callback);
        s_dispatcher.Value.SetEventSink(callback == IntPtr.Zero ? null : Forward);
        return 0;
    }

    /// <summary>Runs one method; the answer is NUL-terminated UTF-8 JSON the caller frees with <see cref="FreeResult"/>.</summary>
    [UnmanagedCallersOnly]
    public static byte* Call(byte* methodUtf8, byte* argsJsonUtf8, int argsLength)
    {
        string answer;
        try
        {
            var method = Marshal.PtrToStringUTF8((IntPtr)methodUtf8) ?? "";
            var args = argsJsonUtf8 == null || argsLength <= 0 ? null : Encoding.UTF8.GetString(argsJsonUtf8, argsLength);
            answer = s_dispatcher.Value.Dispatch(method, args);
        }
#pragma warning disable CA1031 // An exception leaving an UnmanagedCallersOnly method ends the host process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            answer = BridgeJson.Error(ex);
        }

        return ToNative(answer);
    }

    [UnmanagedCallersOnly]
    public static void FreeResult(byte* result) => NativeMemory.Free(result);

    /// <summary>Stops the core and drops the callback, before the host's callback goes away.</summary>
    [UnmanagedCallersOnly]
    public static void Shutdown()
    {
        Volatile.Write(ref s_callback, IntPtr.Zero);
        try
        {
            s_dispatcher.Value.Shutdown();
        }
#pragma warning disable CA1031 // Same as Call: nothing may escape into native code.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"SiloMod.Bridge: shutdown failed: {ex}");
        }
    }

    private static void Forward(string json)
    {
        var callback = (delegate* unmanaged<byte*, int, void>)Volatile.Read(ref s_callback);
        if (callback == null) return;
        var bytes = Encoding.UTF8.GetBytes(json);
        fixed (byte* p = bytes)
        {
            callback(p, bytes.Length);
        }
    }

    private static byte* ToNative(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, length));
        buffer[length] = 0;
        return buffer;
    }
}

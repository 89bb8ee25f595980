namespace SiloMod.Core.Checkpoints;

/// <summary>The newest checkpoint of an item made on this workstation.</summary>
/// <param name="FileSha256">The SHA-256 of the file the checkpoint carries.</param>
/// <param name="Context">Why it was made (<c>sketch_close</c>, <c>body_close</c>, ...).</param>
/// <param name="Pushed">True once the server holds it; false while it waits in the outbox.</param>
public sealed record RecordedCheckpoint(string PartNumber, string FileSha256, string Context, bool Pushed);

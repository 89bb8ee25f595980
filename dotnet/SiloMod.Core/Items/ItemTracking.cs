using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Items;
using SiloMod.Core.Host;
using SiloMod.Core.Messages;

namespace SiloMod.Core.Items;

/// <summary>
/// Track Document's decisions: a part number the server does not know is either offered for
/// creation (editors) or refused at once, so no document is tracked as an item that does not exist
/// (every later entry and exit would fail).
/// </summary>
public sealed class ItemTracking(ISiloClient client, Uri server)
{
    private const string EditorRole = "editor";
    private const string AdminRole = "admin";

    public async Task<TrackCheck> CheckAsync(string partNumber, DocumentFacts document, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var pn = partNumber?.Trim() ?? "";
        if (PartNumberRule.Problem(pn) is { } problem) return new TrackCheck(TrackVerdict.Refuse, pn, problem);
        try
        {
            var item = await client.GetItemAsync(pn, ct).ConfigureAwait(false);
            return new TrackCheck(TrackVerdict.Exists, pn, $"{pn} is on the Silo server: “{item.Description}”.", ItemSummary.Of(item));
        }
        catch (NotFoundException)
        {
            return await MissingAsync(pn, document, ct).ConfigureAwait(false);
        }
        catch (UnavailableException e)
        {
            return new TrackCheck(TrackVerdict.Refuse, pn,
                $"{ServerWords.Server(e)} is not answering, so {pn} cannot be checked. Nothing was changed; try again when the server is back.");
        }
        catch (AuthException)
        {
            return new TrackCheck(TrackVerdict.Refuse, pn, $"The Silo server at {server.Authority} does not accept your token. Check it in Edit → Preferences → Silo.");
        }
    }

    private async Task<TrackCheck> MissingAsync(string pn, DocumentFacts document, CancellationToken ct)
    {
        var me = await client.GetCurrentUserAsync(ct).ConfigureAwait(false);
        if (me.Role is not (EditorRole or AdminRole))
            return new TrackCheck(TrackVerdict.Refuse, pn,
                $"{pn} is not on the Silo server at {server.Authority}, and only editors can create items ({me.Username} is a {me.Role}). "
                + "Ask an editor to create it, then track the document again.");
        return new TrackCheck(TrackVerdict.OfferCreate, pn, $"{pn} is not on the Silo server at {server.Authority} yet. Create it?",
            Proposal: ItemProposal.From(pn, document));
    }

    /// <summary>Creates the item; an item created meanwhile by someone else with this part number is taken as it is.</summary>
    /// <exception cref="InvalidOperationException">The server refused a field; the message names it.</exception>
    public async Task<ItemSummary> CreateAsync(ItemProposal proposal, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (PartNumberRule.Problem(proposal.PartNumber) is { } problem) throw new InvalidOperationException(problem);
        try
        {
            var created = await client.CreateItemAsync(
                new NewItem(proposal.PartNumber.Trim(), proposal.Category.Trim(), proposal.Project.Trim(), proposal.Description.Trim()), ct).ConfigureAwait(false);
            return ItemSummary.Of(created);
        }
        catch (ConflictException)
        {
            return ItemSummary.Of(await client.GetItemAsync(proposal.PartNumber.Trim(), ct).ConfigureAwait(false));
        }
        catch (ValidationException e)
        {
            throw new InvalidOperationException($"The Silo server did not create {proposal.PartNumber}: {e.Message}", e);
        }
        catch (UnavailableException e)
        {
            throw new InvalidOperationException($"{ServerWords.Server(e)} is not answering, so {proposal.PartNumber} was not created. Try again when it is back.", e);
        }
        catch (AuthException e) when (e.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException($"The Silo server refused to create {proposal.PartNumber}: only editors can create items.", e);
        }
    }
}

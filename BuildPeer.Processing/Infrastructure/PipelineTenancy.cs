using BuildPeer.Data.Streams;
using Marten;

namespace BuildPeer.Processing.Infrastructure;

public static class PipelineTenancy
{
    /// <summary>
    /// Wolverine opens a handler's session for the envelope's tenant, and row-level security shows it only that tenant's
    /// streams: an envelope without the message's tenant would find no upload and drop the work as "nothing to do".
    /// </summary>
    public static void Check(IDocumentSession session, Guid messageTenant)
    {
        if (session.TenantId != UploadStreamStore.TenantIdOf(messageTenant))
            throw new MisroutedTenantException(session.TenantId, messageTenant);
    }
}

public sealed class MisroutedTenantException(string envelopeTenant, Guid messageTenant)
    : Exception($"The envelope's tenant '{envelopeTenant}' is not the message's tenant {messageTenant}.");

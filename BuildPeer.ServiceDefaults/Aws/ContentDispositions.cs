using System.Text;

namespace BuildPeer.ServiceDefaults.Aws;

public static class ContentDispositions
{
    /// <summary>RFC 6266 attachment with an ASCII fallback and the UTF-8 name (RFC 5987), so "planta baja ñ.pdf" survives.</summary>
    public static string Attachment(string fileName)
    {
        var ascii = new StringBuilder();
        foreach (var c in fileName) ascii.Append(c is >= ' ' and < (char)127 && c is not '"' and not '\\' ? c : '_');
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}

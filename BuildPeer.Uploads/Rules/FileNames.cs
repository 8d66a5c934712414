using System.Globalization;
using System.Text;

namespace BuildPeer.Uploads.Rules;

public static class FileNames
{
    /// <summary>
    /// A display-safe version of a client's file name: no path, no invisible characters, no reserved
    /// separators, trimmed to a maximum length (keeping the extension). Never used to build S3 keys.
    /// </summary>
    /// <remarks>
    /// Invisible characters are stripped, not refused: the name is only a label, and a name copied from a
    /// right-to-left document or a phone's share sheet carries marks the uploader never saw. Stripping the
    /// bidi controls is what defeats the spoof: "factura\u202Egpj.exe" displays as "facturaexe.jpg", and
    /// is stored as "facturagpj.exe", its real extension in view.
    /// </remarks>
    public static string Sanitize(string fileName, int maxLength = 255)
    {
        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (IsInvisible(rune) || rune.Value is '"' or '<' or '>' or '|' or ':' or '*' or '?') continue;
            builder.Append(rune.ToString());
        }
        var clean = builder.ToString().Trim().Trim('.');
        if (clean.Length == 0) clean = "file";
        if (clean.Length > maxLength)
        {
            var ext = Path.GetExtension(clean);
            if (ext.Length > 16) ext = "";
            var cut = maxLength - ext.Length;
            if (char.IsHighSurrogate(clean[cut - 1])) cut--;
            clean = clean[..cut] + ext;
        }
        return clean;
    }

    /// <summary>
    /// Control characters (Cc), format characters (Cf: bidi embeddings, overrides, isolates and marks, the
    /// BOM, soft hyphens, tag characters) and line/paragraph separators. The zero-width joiner and non-joiner
    /// stay: they only shape glyphs, cannot reorder text, and Persian, Indic and emoji names need them.
    /// </summary>
    public static bool IsInvisible(Rune rune) =>
        rune.Value is not (0x200C or 0x200D)
        && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}

using System.Text;

namespace BuildPeer.Uploads.Rules;

public static class FileNames
{
    /// <summary>
    /// A display-safe version of a client's file name: no path, no control characters, no reserved
    /// separators, trimmed to a maximum length (keeping the extension). Never used to build S3 keys.
    /// </summary>
    public static string Sanitize(string fileName, int maxLength = 255)
    {
        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || c is '"' or '<' or '>' or '|' or ':' or '*' or '?') continue;
            builder.Append(c);
        }
        var clean = builder.ToString().Trim().Trim('.');
        if (clean.Length == 0) clean = "file";
        if (clean.Length > maxLength)
        {
            var ext = Path.GetExtension(clean);
            if (ext.Length > 16) ext = "";
            clean = clean[..(maxLength - ext.Length)] + ext;
        }
        return clean;
    }
}

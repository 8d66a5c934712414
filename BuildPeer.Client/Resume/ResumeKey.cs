using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BuildPeer.Client.Resume;

public static class ResumeKey
{
    /// <summary>The state file's name: a hash of the absolute path, size and modification time, so an edited file starts over.</summary>
    public static string For(string fullPath, long size, DateTime lastWriteUtc)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{fullPath}\n{size}\n{lastWriteUtc.ToUniversalTime().Ticks}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}

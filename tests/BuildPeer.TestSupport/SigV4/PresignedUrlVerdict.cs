namespace BuildPeer.TestSupport.SigV4;

/// <summary>What <see cref="SigV4Verifier.VerifyPresignedUrl(Uri, IReadOnlyDictionary{string, string}, SigV4Credentials, DateTime)"/> found.</summary>
public enum PresignedUrlVerdict
{
    Valid,
    /// <summary>X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders or -Signature is missing or malformed.</summary>
    Malformed,
    /// <summary>Signed with an access key other than the one given.</summary>
    UnknownAccessKey,
    /// <summary>A header the URL signs was not supplied.</summary>
    MissingSignedHeader,
    SignatureMismatch,
    /// <summary>X-Amz-Date lies further in the future than the allowed clock skew.</summary>
    NotYetValid,
    Expired,
}

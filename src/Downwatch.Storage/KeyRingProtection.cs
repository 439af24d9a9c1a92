using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Downwatch.Storage;

/// <summary>
/// The Data Protection key ring — the keys that encrypt provider API keys — lives in the database so every node can read
/// it. With <see cref="StorageOptions.KeyRingCertificate"/> set, each key of the ring is encrypted with that certificate
/// before it is stored (Data Protection's own certificate encryptor), so a copy of the database alone no longer opens the
/// provider keys. Every node needs the same certificate file.
/// </summary>
public static class KeyRingProtection
{
    /// <summary>Encrypts the key ring with the certificate <paramref name="options"/> name, when it names one that can be
    /// read (one that cannot is refused at start by <see cref="KeyRingCertificateValidation"/>).</summary>
    public static IDataProtectionBuilder ProtectKeyRingWith(this IDataProtectionBuilder builder, StorageOptions options)
    {
        if (Load(options, out _) is { } certificate)
        {
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return builder;
    }

    /// <summary>The certificate, or null with <paramref name="problem"/> saying why it cannot be used (null when none is set).</summary>
    public static X509Certificate2? Load(StorageOptions options, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(options.KeyRingCertificate))
        {
            return null;
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.KeyRingCertificate, options.KeyRingCertificatePassword);
            if (certificate.HasPrivateKey)
            {
                return certificate;
            }

            certificate.Dispose();
            problem = $"Storage:KeyRingCertificate '{options.KeyRingCertificate}' has no private key: the key ring could be encrypted but never read again.";
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problem = $"Storage:KeyRingCertificate '{options.KeyRingCertificate}' cannot be read as a PKCS#12 (.pfx) file with Storage:KeyRingCertificatePassword: {e.Message}";
        }

        return null;
    }
}

/// <summary>Refuses to start with a key ring certificate that cannot be used, naming the setting and the reason.</summary>
public sealed class KeyRingCertificateValidation : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        using var certificate = KeyRingProtection.Load(options, out var problem);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }
}

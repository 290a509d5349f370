/**
 * Zero-touch bootstrap's signed artifacts (RFC 8572 SZTP §3, RFC 8366 vouchers), as a library
 * without I/O: the CMS structures that carry them ({@link org.callhome.shared.sztp.CmsSigning} writes,
 * {@link org.callhome.shared.sztp.CmsArtifacts} reads and verifies signatures, refusing with a
 * {@link org.callhome.shared.sztp.CmsProblem}); their JSON models per RFC 7951, read strictly and
 * written canonically ({@link org.callhome.shared.sztp.Voucher},
 * {@link org.callhome.shared.sztp.ConveyedInformation}: {@link org.callhome.shared.sztp.RedirectInformation}
 * or {@link org.callhome.shared.sztp.OnboardingInformation}); the device's decision on what a
 * bootstrap server sent ({@link org.callhome.shared.sztp.DeviceArtifactCheck}, whose javadoc lists
 * the rules in order, each refusal a {@link org.callhome.shared.sztp.BootstrapRefusal}); and the
 * owner's side, signing conveyed information and making the owner certificate artifact
 * ({@link org.callhome.shared.sztp.OwnerArtifacts}). Every artifact is bounded by
 * {@link org.callhome.shared.sztp.SztpLimits} before it is parsed.
 *
 * <p>Not here: fetching artifacts (the RESTCONF client and server, discovery), applying onboarding
 * information, boot images (refused when read), the XML encodings, and revocation checking (a
 * voucher that demands it is refused). Onboarding {@code configuration} is carried as bytes; its
 * validation belongs to whoever applies it.
 *
 * <p>It may use Bouncy Castle (CMS, ASN.1), Jackson, the JDK's PKIX path building and shared's
 * bottom layer ({@code text}: wire names, peer text in messages; {@code json}: the strict cursor); no other package of the project,
 * as nothing of SSH, TLS, the NETCONF stack or the call-home configuration is involved.
 */
package org.callhome.shared.sztp;

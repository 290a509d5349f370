package org.callhome.shared.sztp;

/**
 * The conveyed information artifact's content (RFC 8572 §3.1, {@code ietf-sztp-conveyed-info},
 * §6.3): exactly one of {@link RedirectInformation} (more bootstrap servers to try) and
 * {@link OnboardingInformation} (what to apply), the YANG choice {@code information-type}. JSON per
 * RFC 7951: {@link #fromJson} reads either strictly, {@link #toJson} writes it canonically.
 */
public sealed interface ConveyedInformation permits RedirectInformation, OnboardingInformation {

    /** Reads {@code {"ietf-sztp-conveyed-info:redirect-information": ...}} or {@code ...:onboarding-information}. */
    static ConveyedInformation fromJson(byte[] json) throws ArtifactFormatException {
        return ConveyedInformationJson.read(json);
    }

    /** Compact RFC 7951 JSON, members in the YANG module's order, optional ones only when present. */
    default byte[] toJson() {
        return ConveyedInformationJson.write(this);
    }
}

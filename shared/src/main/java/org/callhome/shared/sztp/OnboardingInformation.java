package org.callhome.shared.sztp;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code onboarding-information} (RFC 8572 §2.2, §6.3) without {@code boot-image}, which this
 * implementation refuses when reading (a device here installs no images): a pre-configuration
 * script, a configuration and how to apply it, a post-configuration script, each optional. The
 * bytes are carried as they are; what they mean (here: the call-home configuration) is checked by
 * whoever applies them. The YANG's {@code must} rules hold: {@code configuration} and
 * {@code configuration-handling} come together or not at all.
 */
public record OnboardingInformation(Optional<ConfigurationHandling> configurationHandling,
        Optional<Binary> preConfigurationScript, Optional<Binary> configuration,
        Optional<Binary> postConfigurationScript) implements ConveyedInformation {

    public OnboardingInformation {
        Objects.requireNonNull(configurationHandling);
        Objects.requireNonNull(preConfigurationScript);
        Objects.requireNonNull(configuration);
        Objects.requireNonNull(postConfigurationScript);
        if (configuration.isPresent() != configurationHandling.isPresent()) {
            throw new IllegalArgumentException(
                    "configuration and configuration-handling come together (RFC 8572 §6.3)");
        }
    }

    /** A configuration to apply as {@code handling}, without scripts. */
    public static OnboardingInformation configuration(ConfigurationHandling handling, byte[] configuration) {
        return new OnboardingInformation(Optional.of(handling), Optional.empty(), Optional.of(Binary.of(configuration)),
                Optional.empty());
    }
}

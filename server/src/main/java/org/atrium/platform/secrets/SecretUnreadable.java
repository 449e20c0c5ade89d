package org.atrium.platform.secrets;

/** A sealed secret that cannot be opened: malformed, altered, sealed for another context or under an unknown key. */
public class SecretUnreadable extends RuntimeException {

    SecretUnreadable(String message) {
        super(message);
    }
}

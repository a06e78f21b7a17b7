package io.metadiv.security;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The arguments of a key command, checked before anything starts: {@code create-admin-key --name <name>} or
 * {@code revoke-key --prefix <prefix> | --id <id>}. Options take their value as the next argument or after
 * {@code =}. An argument {@code --a.b=value} (a dot in its name) is a Spring property, passed on as the service
 * takes it (e.g. {@code --spring.datasource.url=…}); any other argument is refused.
 *
 * @param command {@value #CREATE} or {@value #REVOKE}
 * @param name the new key's name (create), else null
 * @param prefix the key to revoke by its prefix, or null
 * @param id the key to revoke by its id, or null
 * @param springArgs the Spring properties given
 */
record KeyCommandLine(String command, String name, String prefix, UUID id, List<String> springArgs) {

    static final String CREATE = "create-admin-key";
    static final String REVOKE = "revoke-key";
    static final String USAGE = """
            usage: java -jar <jar> create-admin-key --name <name>
                   java -jar <jar> revoke-key --prefix <prefix> | --id <id>
              create-admin-key prints a new ADMIN key on stdout, once; revoke-key revokes a key (not the last ADMIN \
            key). Both run the migrations on the configured database (SPRING_DATASOURCE_URL, or the embedded one in \
            METADIV_EMBEDDED_POSTGRES_DATA_DIR) and start no server and no worker.""";

    /** Whether {@code args} asks for a key command rather than the service. */
    static boolean isCommand(String[] args) {
        return args.length > 0 && (CREATE.equals(args[0]) || REVOKE.equals(args[0]));
    }

    /**
     * The command {@code args} asks for.
     *
     * @throws IllegalArgumentException saying what is wrong, for the user
     */
    static KeyCommandLine parse(String[] args) {
        if (!isCommand(args)) {
            throw new IllegalArgumentException("the first argument must be " + CREATE + " or " + REVOKE);
        }
        String command = args[0];
        List<String> allowed = command.equals(CREATE) ? List.of("name") : List.of("prefix", "id");
        String name = null;
        String prefix = null;
        String idText = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String option = arg.substring(2, equals < 0 ? arg.length() : equals);
            if (option.contains(".") && equals > 0) {
                springArgs.add(arg);
                continue;
            }
            if (!allowed.contains(option)) {
                throw new IllegalArgumentException("unknown option '--" + option + "' for " + command + " (it takes --"
                        + String.join(", --", allowed) + ")");
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + option + " needs a value");
            }
            switch (option) {
                case "name" -> name = value;
                case "prefix" -> prefix = value;
                default -> idText = value;
            }
        }
        return command.equals(CREATE) ? create(name, springArgs) : revoke(prefix, idText, springArgs);
    }

    private static KeyCommandLine create(String name, List<String> springArgs) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException(CREATE + " needs --name <name>: who or what uses the key");
        }
        if (stripped.length() > ApiKeyRequest.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("--name must have 1 to " + ApiKeyRequest.MAX_NAME_LENGTH
                    + " characters, it has " + stripped.length());
        }
        return new KeyCommandLine(CREATE, stripped, null, null, List.copyOf(springArgs));
    }

    private static KeyCommandLine revoke(String prefix, String idText, List<String> springArgs) {
        if ((prefix == null) == (idText == null)) {
            throw new IllegalArgumentException(REVOKE + " needs either --prefix <prefix> or --id <id> (as "
                    + "GET /api/v1/keys lists them)");
        }
        if (prefix != null) {
            if (prefix.length() != ApiKeys.PREFIX_LENGTH) {
                throw new IllegalArgumentException("--prefix must be a key's first " + ApiKeys.PREFIX_LENGTH
                        + " characters, it has " + prefix.length());
            }
            return new KeyCommandLine(REVOKE, null, prefix, null, List.copyOf(springArgs));
        }
        try {
            return new KeyCommandLine(REVOKE, null, null, UUID.fromString(idText), List.copyOf(springArgs));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--id must be a key's id (a UUID), got '" + idText + "'");
        }
    }
}

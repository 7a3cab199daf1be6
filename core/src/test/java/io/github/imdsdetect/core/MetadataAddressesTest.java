package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.MetadataAddresses.Endpoint;
import io.github.imdsdetect.core.MetadataAddresses.Form;
import io.github.imdsdetect.core.MetadataAddresses.Hit;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataAddressesTest {

    /**
     * Columns: token, urlContext, expected endpoint, expected form, expected hit text. An empty
     * endpoint and form mean no hit; an empty endpoint with OUT_OF_RANGE means an obfuscation hit.
     * An empty hit text means the hit covers the whole token.
     */
    @ParameterizedTest(name = "[{index}] {0} url={1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # AWS IMDS IPv4, 169.254.169.254, in every inet_aton form
            169.254.169.254                          | false | AWS_IMDS_V4  | DOTTED_DECIMAL       |
            169.254.169.254.                         | false | AWS_IMDS_V4  | DOTTED_DECIMAL       | 169.254.169.254
            169.254.169.254:80                       | false | AWS_IMDS_V4  | DOTTED_DECIMAL       | 169.254.169.254
            169.254.169.254:                         | false | AWS_IMDS_V4  | DOTTED_DECIMAL       | 169.254.169.254
            2852039166                               | false | AWS_IMDS_V4  | DECIMAL_INTEGER      |
            2852039166:8080                          | false | AWS_IMDS_V4  | DECIMAL_INTEGER      | 2852039166
            0xA9FEA9FE                               | false | AWS_IMDS_V4  | HEX_INTEGER          |
            0xa9fea9fe                               | false | AWS_IMDS_V4  | HEX_INTEGER          |
            0XA9fEa9Fe                               | false | AWS_IMDS_V4  | HEX_INTEGER          |
            0x00a9fea9fe                             | false | AWS_IMDS_V4  | HEX_INTEGER          |
            025177524776                             | false | AWS_IMDS_V4  | OCTAL_INTEGER        |
            00025177524776                           | false | AWS_IMDS_V4  | OCTAL_INTEGER        |
            0xa9.0xfe.0xa9.0xfe                      | false | AWS_IMDS_V4  | DOTTED_HEX           |
            0xA9.0XFE.0xA9.0xFE                      | false | AWS_IMDS_V4  | DOTTED_HEX           |
            0x0a9.0x00fe.0xa9.0xfe                   | false | AWS_IMDS_V4  | DOTTED_HEX           |
            0251.0376.0251.0376                      | false | AWS_IMDS_V4  | DOTTED_OCTAL         |
            0251.00376.000251.0000376                | false | AWS_IMDS_V4  | DOTTED_OCTAL         |
            169.0376.0xa9.254                        | false | AWS_IMDS_V4  | DOTTED_MIXED         |
            0xa9.254.0251.0xfe                       | false | AWS_IMDS_V4  | DOTTED_MIXED         |
            169.254.43518                            | false | AWS_IMDS_V4  | SHORT_FORM           |
            169.254.0xa9fe                           | false | AWS_IMDS_V4  | SHORT_FORM           |
            0xa9.0xfe.0124776                        | false | AWS_IMDS_V4  | SHORT_FORM           |
            169.16689662                             | false | AWS_IMDS_V4  | SHORT_FORM           |
            0251.0xfea9fe                            | false | AWS_IMDS_V4  | SHORT_FORM           |
            169.077524776                            | false | AWS_IMDS_V4  | SHORT_FORM           |
            # IPv4-mapped and IPv4-compatible IPv6 forms
            ::ffff:169.254.169.254                   | false | AWS_IMDS_V4  | IPV4_MAPPED_IPV6     |
            [::ffff:169.254.169.254]                 | false | AWS_IMDS_V4  | IPV4_MAPPED_IPV6     | ::ffff:169.254.169.254
            ::ffff:a9fe:a9fe                         | false | AWS_IMDS_V4  | IPV4_MAPPED_IPV6     |
            ::FFFF:A9FE:A9FE                         | false | AWS_IMDS_V4  | IPV4_MAPPED_IPV6     |
            0:0:0:0:0:ffff:a9fe:a9fe                 | false | AWS_IMDS_V4  | IPV4_MAPPED_IPV6     |
            0000:0000:0000:0000:0000:ffff:a9fe:a9fe  | false | AWS_IMDS_V4  | IPV4_MAPPED_IPV6     |
            [0:0:0:0:0:ffff:169.254.169.254]:8080    | false | AWS_IMDS_V4  | IPV4_MAPPED_IPV6     | 0:0:0:0:0:ffff:169.254.169.254
            ::169.254.169.254                        | false | AWS_IMDS_V4  | IPV4_COMPATIBLE_IPV6 |
            ::a9fe:a9fe                              | false | AWS_IMDS_V4  | IPV4_COMPATIBLE_IPV6 |
            [::a9fe:a9fe]                            | false | AWS_IMDS_V4  | IPV4_COMPATIBLE_IPV6 | ::a9fe:a9fe
            # ECS task metadata, 169.254.170.2
            169.254.170.2                            | false | AWS_ECS_TASK | DOTTED_DECIMAL       |
            169.254.170.2:80                         | false | AWS_ECS_TASK | DOTTED_DECIMAL       | 169.254.170.2
            2852039170                               | false | AWS_ECS_TASK | DECIMAL_INTEGER      |
            0xa9feaa02                               | false | AWS_ECS_TASK | HEX_INTEGER          |
            025177525002                             | false | AWS_ECS_TASK | OCTAL_INTEGER        |
            0xa9.0xfe.0xaa.0x2                       | false | AWS_ECS_TASK | DOTTED_HEX           |
            169.254.43522                            | false | AWS_ECS_TASK | SHORT_FORM           |
            169.16689666                             | false | AWS_ECS_TASK | SHORT_FORM           |
            ::ffff:169.254.170.2                     | false | AWS_ECS_TASK | IPV4_MAPPED_IPV6     |
            ::ffff:a9fe:aa02                         | false | AWS_ECS_TASK | IPV4_MAPPED_IPV6     |
            ::a9fe:aa02                              | false | AWS_ECS_TASK | IPV4_COMPATIBLE_IPV6 |
            # Alibaba Cloud, 100.100.100.200
            100.100.100.200                          | false | ALIBABA      | DOTTED_DECIMAL       |
            1684301000                               | false | ALIBABA      | DECIMAL_INTEGER      |
            0x646464c8                               | false | ALIBABA      | HEX_INTEGER          |
            014431062310                             | false | ALIBABA      | OCTAL_INTEGER        |
            0x64.0x64.0x64.0xc8                      | false | ALIBABA      | DOTTED_HEX           |
            0144.0144.0144.0310                      | false | ALIBABA      | DOTTED_OCTAL         |
            100.0x64.0144.200                        | false | ALIBABA      | DOTTED_MIXED         |
            100.100.25800                            | false | ALIBABA      | SHORT_FORM           |
            100.6579400                              | false | ALIBABA      | SHORT_FORM           |
            ::ffff:100.100.100.200                   | false | ALIBABA      | IPV4_MAPPED_IPV6     |
            ::ffff:6464:64c8                         | false | ALIBABA      | IPV4_MAPPED_IPV6     |
            ::100.100.100.200                        | false | ALIBABA      | IPV4_COMPATIBLE_IPV6 |
            # AWS IMDS IPv6, fd00:ec2::254
            fd00:ec2::254                            | false | AWS_IMDS_V6  | IPV6                 |
            FD00:EC2::254                            | false | AWS_IMDS_V6  | IPV6                 |
            [fd00:ec2::254]                          | false | AWS_IMDS_V6  | IPV6                 | fd00:ec2::254
            [fd00:ec2::254]:80                       | false | AWS_IMDS_V6  | IPV6                 | fd00:ec2::254
            [fd00:ec2::254]:                         | false | AWS_IMDS_V6  | IPV6                 | fd00:ec2::254
            fd00:ec2::254%eth0                       | false | AWS_IMDS_V6  | IPV6                 | fd00:ec2::254
            [fd00:ec2::254%25eth0]                   | false | AWS_IMDS_V6  | IPV6                 | fd00:ec2::254
            [fd00:ec2::254%25eth0]:80                | false | AWS_IMDS_V6  | IPV6                 | fd00:ec2::254
            fd00:0ec2:0000:0000:0000:0000:0000:0254  | false | AWS_IMDS_V6  | IPV6_FULL            |
            fd00:ec2:0:0:0:0:0:254                   | false | AWS_IMDS_V6  | IPV6_FULL            |
            FD00:0EC2:0:0:0:0:0:0254                 | false | AWS_IMDS_V6  | IPV6_FULL            |
            fd00:ec2:0::254                          | false | AWS_IMDS_V6  | IPV6                 |
            fd00:ec2:0:0:0:0::254                    | false | AWS_IMDS_V6  | IPV6                 |
            fd00:ec2::0:0:254                        | false | AWS_IMDS_V6  | IPV6                 |
            fd00:ec2::0.0.2.84                       | false | AWS_IMDS_V6  | IPV6                 |
            fd20:ce::254                             | false | GCP_V6       | IPV6                 |
            FD20:CE::254                             | false | GCP_V6       | IPV6                 |
            [fd20:ce::254]                           | false | GCP_V6       | IPV6                 | fd20:ce::254
            [fd20:ce::254]:80                        | false | GCP_V6       | IPV6                 | fd20:ce::254
            fd20:ce::254%eth0                        | false | GCP_V6       | IPV6                 | fd20:ce::254
            [fd20:ce::254%25eth0]:80                 | false | GCP_V6       | IPV6                 | fd20:ce::254
            fd20:00ce:0000:0000:0000:0000:0000:0254  | false | GCP_V6       | IPV6_FULL            |
            fd20:ce:0:0:0:0:0:254                    | false | GCP_V6       | IPV6_FULL            |
            fd20:ce:0::254                           | false | GCP_V6       | IPV6                 |
            fd20:ce::0.0.2.84                        | false | GCP_V6       | IPV6                 |
            # Host names
            metadata.google.internal                 | false | GCP_NAME     | HOST_NAME            |
            METADATA.GOOGLE.INTERNAL                 | false | GCP_NAME     | HOST_NAME            |
            Metadata.Google.Internal.                | false | GCP_NAME     | HOST_NAME            | Metadata.Google.Internal
            metadata.google.internal:80              | false | GCP_NAME     | HOST_NAME            | metadata.google.internal
            metadata.google.internal.:80             | false | GCP_NAME     | HOST_NAME            | metadata.google.internal
            metadata                                 | true  | GCP_NAME     | HOST_NAME            |
            METADATA.                                | true  | GCP_NAME     | HOST_NAME            | METADATA
            metadata:80                              | true  | GCP_NAME     | HOST_NAME            | metadata
            metadata.goog                            | false | GCP_GOOG_NAME | HOST_NAME           |
            METADATA.GOOG.                           | false | GCP_GOOG_NAME | HOST_NAME           | METADATA.GOOG
            metadata.goog:80                         | false | GCP_GOOG_NAME | HOST_NAME           | metadata.goog
            instance-data                            | false | AWS_NAME     | HOST_NAME            |
            INSTANCE-DATA.                           | false | AWS_NAME     | HOST_NAME            | INSTANCE-DATA
            instance-data.ec2.internal               | false | AWS_NAME     | HOST_NAME            |
            instance-data.us-west-2.compute.internal | false | AWS_NAME     | HOST_NAME            |
            instance-data.us-gov-west-1.compute.internal | false | AWS_NAME | HOST_NAME            |
            instance-data.eu-central-1.compute.internal:80 | false | AWS_NAME | HOST_NAME          | instance-data.eu-central-1.compute.internal
            # Wildcard DNS names
            169.254.169.254.nip.io                   | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            169-254-169-254.nip.io                   | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            169.254-169.254.nip.io                   | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            a9fea9fe.nip.io                          | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            app-a9fea9fe.nip.io                      | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            A9FEA9FE.NIP.IO                          | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            169.254.169.254.nip.io.                  | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    | 169.254.169.254.nip.io
            169.254.169.254.nip.io:8080              | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    | 169.254.169.254.nip.io
            app.169.254.169.254.sslip.io             | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            169-254-169-254.sslip.io                 | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            www-169-254-169-254.sslip.io             | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            169.254.169.254.xip.io                   | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            7f000001.a9fea9fe.rbndr.us               | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            --ffff-a9fe-a9fe.sslip.io                | false | AWS_IMDS_V4  | WILDCARD_DNS_NAME    |
            169-254-170-2.nip.io                     | false | AWS_ECS_TASK | WILDCARD_DNS_NAME    |
            100-100-100-200.nip.io                   | false | ALIBABA      | WILDCARD_DNS_NAME    |
            fd00-ec2--254.sslip.io                   | false | AWS_IMDS_V6  | WILDCARD_DNS_NAME    |
            app-fd00-ec2--254.sslip.io               | false | AWS_IMDS_V6  | WILDCARD_DNS_NAME    |
            fd20-ce--254.sslip.io                    | false | GCP_V6       | WILDCARD_DNS_NAME    |
            # Out of range, wrapping once to a metadata address
            0x1a9fea9fe                              | false |              | OUT_OF_RANGE         |
            7147006462                               | false |              | OUT_OF_RANGE         |
            065177524776                             | false |              | OUT_OF_RANGE         |
            169.254.169.510                          | false |              | OUT_OF_RANGE         |
            425.510.425.510                          | false |              | OUT_OF_RANGE         |
            0x1a9.0xfe.0xa9.0xfe                     | false |              | OUT_OF_RANGE         |
            169.254.109054                           | false |              | OUT_OF_RANGE         |
            169.33466878                             | false |              | OUT_OF_RANGE         |
            7147006466                               | false |              | OUT_OF_RANGE         |
            5979268296                               | false |              | OUT_OF_RANGE         |
            356.356.356.456                          | false |              | OUT_OF_RANGE         |
            # Out of range without a one-wrap metadata address
            169.254.169.256                          | false |              |                      |
            300.254.169.254                          | false |              |                      |
            4294967296                               | false |              |                      |
            6146006462                               | false |              |                      |
            0x2a9fea9fe                              | false |              |                      |
            11441973758                              | false |              |                      |
            1169.254.169.254                         | false |              |                      |
            169.254.169.2549                         | false |              |                      |
            0xa9fea9fe1                              | false |              |                      |
            99999999999999999999999999               | false |              |                      |
            # Neighbours and ordinary addresses
            169.254.169.250                          | false |              |                      |
            169.254.169.253                          | false |              |                      |
            2852039165                               | false |              |                      |
            2852039167                               | false |              |                      |
            11.169.254.169.0                         | false |              |                      |
            169.254.169.254.5                        | false |              |                      |
            10.0.0.1                                 | false |              |                      |
            127.0.0.1                                | false |              |                      |
            1.2.3.4                                  | false |              |                      |
            # Leading zeros mean octal, so these are not the metadata address
            0169.254.169.254                         | false |              |                      |
            169.254.169.0254                         | false |              |                      |
            # Malformed IPv4
            0x.0xfe.0xa9.0xfe                        | false |              |                      |
            169..254.169                             | false |              |                      |
            .169.254.169.254                         | false |              |                      |
            169.254.169.254..                        | false |              |                      |
            [169.254.169.254]                        | false |              |                      |
            169.254.169.254:http                     | false |              |                      |
            169.254.169.254:80:80                    | false |              |                      |
            python3.11                               | false |              |                      |
            2024.01.15                               | false |              |                      |
            abc2852039166                            | false |              |                      |
            # IPv6 that is not a metadata address, or not IPv6
            ::ffff:10.0.0.1                          | false |              |                      |
            ::ffff:a9fe:a9ff                         | false |              |                      |
            ::ffff:169.254.169.0254                  | false |              |                      |
            ::ffff:0xa9.254.169.254                  | false |              |                      |
            fe80::a9fe:a9fe                          | false | OPENSTACK_V6 | IPV6                 |
            64:ff9b::a9fe:a9fe                       | false |              |                      |
            fd00:ec2::255                            | false |              |                      |
            fd20:ce::253                             | false |              |                      |
            fd20:cf::254                             | false |              |                      |
            fd20:ce::254:0                           | false |              |                      |
            fd20:ce::254::1                          | false |              |                      |
            fd20:ce::00254                           | false |              |                      |
            fd00:ec2::254:0                          | false |              |                      |
            fd00:ec3::254                            | false |              |                      |
            fd00:ec2::254%                           | false |              |                      |
            fd00:ec2:::254                           | false |              |                      |
            fd00:ec2::254::1                         | false |              |                      |
            fd00:ec2:0:0:0:0:0:0:254                 | false |              |                      |
            fd00:ec2:0:0:0:0:254                     | false |              |                      |
            fd00:ec2::00254                          | false |              |                      |
            [fd00:ec2::254                           | false |              |                      |
            fd00:ec2::254]                           | false |              |                      |
            [fd00:ec2::254]x                         | false |              |                      |
            [fd00:ec2::254]:http                     | false |              |                      |
            # Look-alike host names
            metadata.google.internal.attacker.test   | false |              |                      |
            xmetadata.google.internal                | false |              |                      |
            metadata.google.internalx                | false |              |                      |
            metadata.google                          | false |              |                      |
            metadata.googl                           | false |              |                      |
            metadata.goo                             | false |              |                      |
            metadata.goog.attacker.test              | false |              |                      |
            xmetadata.goog                           | false |              |                      |
            metadata.googx                           | false |              |                      |
            metadata.googleapis.com                  | false |              |                      |
            metadata.goog.googleapis.com             | false |              |                      |
            compute.metadata.goog                    | false |              |                      |
            metadata                                 | false |              |                      |
            my-metadata                              | true  |              |                      |
            metadata-server                          | true  |              |                      |
            instance-data.attacker.test              | false |              |                      |
            instance-data.ec2.internal.attacker.test | false |              |                      |
            instance-data.x.compute.internal         | false |              |                      |
            instance-data.us-east.compute.internal   | false |              |                      |
            my-instance-data                         | false |              |                      |
            # Wildcard DNS names that embed no metadata address
            nip.io                                   | false |              |                      |
            .nip.io                                  | false |              |                      |
            10-0-0-1.nip.io                          | false |              |                      |
            169.254.169.253.nip.io                   | false |              |                      |
            0169-254-169-254.nip.io                  | false |              |                      |
            a9fea9ff.nip.io                          | false |              |                      |
            169.254.169.254.nip.io.attacker.test     | false |              |                      |
            169.254.169.254.example.com              | false |              |                      |
            169.254.169.254.notnip.io                | false |              |                      |
            """)
    void classifyTable(String token, boolean urlContext, Endpoint endpoint, Form form, String hitText) {
        Hit hit = MetadataAddresses.classify(token, urlContext);
        if (form == null) {
            assertNull(hit, () -> "expected no hit for " + token + " but got " + hit);
            return;
        }
        assertNotNull(hit, () -> "expected a hit for " + token);
        assertEquals(endpoint, hit.endpoint(), "endpoint");
        assertEquals(form, hit.form(), "form");
        String expectedText = hitText == null ? token : hitText;
        assertEquals(expectedText, token.substring(hit.start(), hit.end()), "hit text");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            169.254.169.254            | 2852039166
            2852039166                 | 2852039166
            0xA9FEA9FE                 | 2852039166
            0251.0376.0251.0376        | 2852039166
            169.254.43518              | 2852039166
            169.16689662               | 2852039166
            0                          | 0
            00                         | 0
            0x0                        | 0
            255.255.255.255            | 4294967295
            4294967295                 | 4294967295
            0xffffffff                 | 4294967295
            037777777777               | 4294967295
            1.2.3                      | 16908291
            1.2                        | 16777218
            4294967296                 | -2
            0x100000000                | -2
            040000000000               | -2
            256.0.0.0                  | -2
            1.256.0.0                  | -2
            1.2.65536                  | -2
            1.16777216                 | -2
            99999999999999999999999999 | -2
            0169.254.169.254           | -1
            08                         | -1
            0x                         | -1
            0x.1.2.3                   | -1
            1.2.3.4.5                  | -1
            1..2                       | -1
            .1.2.3                     | -1
            1.2.3.                     | -1
            169.254.169.254:80         | -1
            [169.254.169.254]          | -1
            abc                        | -1
            -1                         | -1
            +1                         | -1
            1e5                        | -1
            0xg                        | -1
            ١٢٣                        | -1
            ''                         | -1
            """)
    void parseIpv4Table(String text, long expected) {
        assertEquals(expected, MetadataAddresses.parseIpv4(text, 0, text.length()));
    }

    @Test
    void parseIpv4ReadsOnlyTheRange() {
        String text = "x169.254.169.254y";
        assertEquals(2852039166L, MetadataAddresses.parseIpv4(text, 1, 16));
        assertEquals(-1L, MetadataAddresses.parseIpv4(text, 0, 16));
    }

    @Test
    void parseIpv4RejectsBadRange() {
        assertThrows(IndexOutOfBoundsException.class, () -> MetadataAddresses.parseIpv4("1.2.3.4", 2, 9));
        assertThrows(IndexOutOfBoundsException.class, () -> MetadataAddresses.parseIpv4("1.2.3.4", 3, 2));
    }

    @Test
    void classifyReportsOffsetsInsideRange() {
        String text = "GET 169.254.169.254 HTTP";
        Hit hit = MetadataAddresses.classify(text, 4, 19, false);
        assertNotNull(hit);
        assertEquals(4, hit.start());
        assertEquals(19, hit.end());
        assertNull(MetadataAddresses.classify(text, 0, 19, false));
        assertThrows(IndexOutOfBoundsException.class, () -> MetadataAddresses.classify(text, 4, 40, false));
    }

    @Test
    void classifyMatchesEveryCanonicalName() {
        for (Endpoint endpoint : Endpoint.values()) {
            Hit hit = MetadataAddresses.classify(endpoint.canonical(), false);
            assertNotNull(hit, endpoint::canonical);
            assertEquals(endpoint, hit.endpoint(), endpoint::canonical);
        }
    }

    @Test
    void endpointProvidersAndCanonicalForms() {
        assertEquals("aws", Endpoint.AWS_IMDS_V4.provider());
        assertEquals("169.254.169.254", Endpoint.AWS_IMDS_V4.canonical());
        assertEquals("aws", Endpoint.AWS_IMDS_V6.provider());
        assertEquals("fd00:ec2::254", Endpoint.AWS_IMDS_V6.canonical());
        assertEquals("aws-ecs", Endpoint.AWS_ECS_TASK.provider());
        assertEquals("169.254.170.2", Endpoint.AWS_ECS_TASK.canonical());
        assertEquals("alibaba", Endpoint.ALIBABA.provider());
        assertEquals("100.100.100.200", Endpoint.ALIBABA.canonical());
        assertEquals("gcp", Endpoint.GCP_NAME.provider());
        assertEquals("metadata.google.internal", Endpoint.GCP_NAME.canonical());
        assertEquals("aws", Endpoint.AWS_NAME.provider());
        assertEquals("instance-data", Endpoint.AWS_NAME.canonical());
    }

    @Test
    void classifyIgnoresSurroundingAsciiWhitespace() {
        Map<String, String> hitTexts = Map.of(
                " 169.254.169.254 ", "169.254.169.254",
                "\t169.254.169.254\r\n", "169.254.169.254",
                "  [fd20:ce::254]:80 ", "fd20:ce::254",
                "\u000bmetadata.goog\f", "metadata.goog");
        for (Map.Entry<String, String> entry : hitTexts.entrySet()) {
            String text = entry.getKey();
            Hit hit = MetadataAddresses.classify(text, false);
            assertNotNull(hit, () -> "no hit for '" + text + "'");
            assertEquals(entry.getValue(), text.substring(hit.start(), hit.end()));
        }
        Hit urlHost = MetadataAddresses.classify(" metadata ", true);
        assertNotNull(urlHost, "short name as URL host");
        assertEquals(Endpoint.GCP_NAME, urlHost.endpoint());
    }

    @Test
    void classifyKeepsInnerAndNonAsciiSpace() {
        assertNull(MetadataAddresses.classify("169.254. 169.254", false));
        assertNull(MetadataAddresses.classify("\u00a0169.254.169.254", false));
        assertNull(MetadataAddresses.classify("   ", false));
        assertNull(MetadataAddresses.classify("", false));
    }

    @Test
    void hitRejectsInconsistentFields() {
        assertThrows(IllegalArgumentException.class, () -> new Hit(null, Form.DOTTED_DECIMAL, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Hit(Endpoint.ALIBABA, Form.OUT_OF_RANGE, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Hit(Endpoint.ALIBABA, Form.DOTTED_DECIMAL, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new Hit(Endpoint.ALIBABA, Form.DOTTED_DECIMAL, -1, 1));
        assertThrows(NullPointerException.class, () -> new Hit(Endpoint.ALIBABA, null, 0, 1));
    }

    static Stream<Arguments> scanCases() {
        return Stream.of(
                Arguments.of("curl http://169.254.169.254/latest/meta-data/",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254")),
                Arguments.of("curl -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/",
                        List.of("GCP_NAME HOST_NAME metadata.google.internal")),
                Arguments.of("wget -qO- http://2852039166/latest",
                        List.of("AWS_IMDS_V4 DECIMAL_INTEGER 2852039166")),
                Arguments.of("http://allowed@169.254.169.254/",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254")),
                Arguments.of("http://[fd00:ec2::254]/latest",
                        List.of("AWS_IMDS_V6 IPV6 fd00:ec2::254")),
                Arguments.of("curl 0xA9FEA9FE",
                        List.of("AWS_IMDS_V4 HEX_INTEGER 0xA9FEA9FE")),
                Arguments.of("http:\\\\169.254.169.254\\latest",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254")),
                Arguments.of("2852039166",
                        List.of("AWS_IMDS_V4 DECIMAL_INTEGER 2852039166")),
                Arguments.of("python3.11 -m http.server 8000 --bind 1.2.3.4 # 2024.01.15",
                        List.of()),
                Arguments.of("abc2852039166 file-2852039166 2852039166x",
                        List.of()),
                Arguments.of("1169.254.169.254 169.254.169.2549 11.169.254.169.0 169.254.169.250",
                        List.of()),
                Arguments.of("0169.254.169.254 2852039165 2852039167 0xa9fea9fe1",
                        List.of()),
                Arguments.of("curl http://metadata/computeMetadata/v1/",
                        List.of("GCP_NAME HOST_NAME metadata")),
                Arguments.of("curl -s http://user:pw@metadata:80/x",
                        List.of("GCP_NAME HOST_NAME metadata")),
                Arguments.of("gopher://metadata:80/_GET HTTP://METADATA/ //metadata/computeMetadata",
                        List.of("GCP_NAME HOST_NAME metadata", "GCP_NAME HOST_NAME METADATA",
                                "GCP_NAME HOST_NAME metadata")),
                Arguments.of("ping metadata; aws s3 cp s3://metadata/key . ; cat /etc/metadata foo//metadata",
                        List.of()),
                Arguments.of("user@metadata mailto:ops@metadata",
                        List.of()),
                Arguments.of("url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254")),
                Arguments.of("url=http%3A%2F%2Fmetadata%2FcomputeMetadata",
                        List.of("GCP_NAME HOST_NAME metadata")),
                Arguments.of("peer [169.254.169.254] closed",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254")),
                Arguments.of("X-Forwarded-For:169.254.169.254",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254")),
                Arguments.of("X-Forwarded-For:[fd00:ec2::254]:80 Host:metadata.google.internal",
                        List.of("AWS_IMDS_V6 IPV6 fd00:ec2::254", "GCP_NAME HOST_NAME metadata.google.internal")),
                Arguments.of("X-Forwarded-For:::ffff:a9fe:a9fe via:10.0.0.1:80",
                        List.of("AWS_IMDS_V4 IPV4_MAPPED_IPV6 ::ffff:a9fe:a9fe")),
                Arguments.of("::ffff:169.254.169.254:80",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254")),
                Arguments.of("route 1:2:3:4:5:6:169.254.169.254 ::ffff:10.0.0.1",
                        List.of()),
                Arguments.of("connecting to 169.254.169.254.",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254")),
                Arguments.of("...169.254.169.254... and -2852039166",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254", "AWS_IMDS_V4 DECIMAL_INTEGER 2852039166")),
                Arguments.of("curl 169.254.169.254 && curl http://[::ffff:a9fe:a9fe]:80/ && nslookup a9fea9fe.nip.io",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254",
                                "AWS_IMDS_V4 IPV4_MAPPED_IPV6 ::ffff:a9fe:a9fe",
                                "AWS_IMDS_V4 WILDCARD_DNS_NAME a9fea9fe.nip.io")),
                Arguments.of("GET http://0x1a9fea9fe/ HTTP/1.1",
                        List.of("null OUT_OF_RANGE 0x1a9fea9fe")),
                Arguments.of("ssh ec2-user@instance-data.ec2.internal",
                        List.of("AWS_NAME HOST_NAME instance-data.ec2.internal")),
                Arguments.of("fetch \u2026169.254.169.254\u2026 \u00e9100.100.100.200",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254", "ALIBABA DOTTED_DECIMAL 100.100.100.200")),
                Arguments.of("time=2024-01-15T10:20:30.123Z level=info mac=a9:fe:a9:fe:00:01",
                        List.of()),
                Arguments.of("\"http://169.254.169.254\" --url=http://169.254.170.2/v2/credentials",
                        List.of("AWS_IMDS_V4 DOTTED_DECIMAL 169.254.169.254", "AWS_ECS_TASK DOTTED_DECIMAL 169.254.170.2")),
                Arguments.of("curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                        List.of("AWS_ECS_TASK DOTTED_DECIMAL 169.254.170.2")),
                Arguments.of("curl http://100.100.100.200/latest/meta-data/",
                        List.of("ALIBABA DOTTED_DECIMAL 100.100.100.200")),
                Arguments.of("curl http://[fd00:ec2::254%25eth0]:80/latest",
                        List.of("AWS_IMDS_V6 IPV6 fd00:ec2::254")),
                Arguments.of("curl https://169-254-169-254.sslip.io/latest/api/token",
                        List.of("AWS_IMDS_V4 WILDCARD_DNS_NAME 169-254-169-254.sslip.io")),
                Arguments.of("curl -H 'Metadata-Flavor: Google' http://[fd20:ce::254]/computeMetadata/v1/",
                        List.of("GCP_V6 IPV6 fd20:ce::254")),
                Arguments.of("curl http://metadata.goog/computeMetadata/v1/ && curl http://metadata.google.internal/",
                        List.of("GCP_GOOG_NAME HOST_NAME metadata.goog",
                                "GCP_NAME HOST_NAME metadata.google.internal")),
                Arguments.of("curl https://metadata.googleapis.com/ https://metadata.goog.attacker.test/"
                                + " https://xmetadata.goog/ https://storage.googleapis.com/metadata.goog-backup",
                        List.of()),
                Arguments.of("curl https://fd20-ce--254.sslip.io/",
                        List.of("GCP_V6 WILDCARD_DNS_NAME fd20-ce--254.sslip.io")),
                Arguments.of("", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("scanCases")
    void scanFindsHits(String text, List<String> expected) {
        List<Hit> hits = new ArrayList<>();
        int count = MetadataAddresses.scan(text, hits::add);
        List<String> actual = new ArrayList<>();
        for (Hit hit : hits) {
            actual.add(hit.endpoint() + " " + hit.form() + " " + text.substring(hit.start(), hit.end()));
        }
        assertEquals(expected, actual);
        assertEquals(hits.size(), count, "returned count");
        for (int i = 1; i < hits.size(); i++) {
            assertTrue(hits.get(i - 1).end() <= hits.get(i).start(), "hits in text order");
        }
    }

    @Test
    void scanReportsExactOffsets() {
        String text = "curl http://169.254.169.254/latest/meta-data/";
        List<Hit> hits = new ArrayList<>();
        MetadataAddresses.scan(text, hits::add);
        assertEquals(List.of(new Hit(Endpoint.AWS_IMDS_V4, Form.DOTTED_DECIMAL, 12, 27)), hits);
    }

    @Test
    void scanRejectsNullArguments() {
        assertThrows(NullPointerException.class, () -> MetadataAddresses.scan(null, hit -> {}));
        assertThrows(NullPointerException.class, () -> MetadataAddresses.scan("x", null));
    }

    @Test
    void everyInetAtonWritingContainsAnAnchor() {
        // Writes every split into 1 to 4 parts, every base per part, with and without a leading
        // zero, and with the first or the last part wrapped once. Each writing that classifies
        // as a hit must contain an anchor, because the detector's prefilter searches only those.
        long[] addresses = {0xA9FE_A9FEL, 0xA9FE_AA02L, 0xA9FE_AA17L, 0x6464_64C8L};
        int checked = 0;
        for (long address : addresses) {
            for (int parts = 1; parts <= 4; parts++) {
                long[] values = split(address, parts);
                for (int wrap = 0; wrap < 3; wrap++) {
                    long[] wrapped = values.clone();
                    if (wrap == 1) {
                        wrapped[0] += parts == 1 ? 1L << 32 : 256;
                    } else if (wrap == 2 && parts > 1) {
                        wrapped[parts - 1] += 1L << (8 * (5 - parts));
                    }
                    int combinations = (int) Math.pow(6, parts);
                    for (int combination = 0; combination < combinations; combination++) {
                        String text = write(wrapped, combination);
                        Hit hit = MetadataAddresses.classify(text, false);
                        if (hit == null || hit == HostClassifier.NOT_METADATA_ADDRESS) {
                            continue;
                        }
                        String folded = text.toLowerCase(Locale.ROOT);
                        assertTrue(MetadataAddresses.anchors().stream().anyMatch(folded::contains),
                                () -> "no anchor in " + text);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 1000, "writings that classify: " + checked);
    }

    /** Splits an address into inet_aton parts: bytes, then the rest in the last part. */
    private static long[] split(long address, int parts) {
        long[] values = new long[parts];
        for (int i = 0; i < parts - 1; i++) {
            values[i] = (address >>> (24 - 8 * i)) & 0xFF;
        }
        values[parts - 1] = address & ((1L << (8 * (5 - parts))) - 1);
        return values;
    }

    /** Writes parts with a base (decimal, hex, octal) and a leading zero or not, per part. */
    private static String write(long[] values, int combination) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            int choice = combination % 6;
            combination /= 6;
            if (i > 0) {
                text.append('.');
            }
            boolean zero = choice >= 3;
            switch (choice % 3) {
                case 0 -> text.append(Long.toString(values[i]));
                case 1 -> text.append(zero ? "0X0" : "0x").append(Long.toHexString(values[i]));
                default -> text.append(zero ? "00" : "0").append(Long.toOctalString(values[i]));
            }
        }
        return text.toString();
    }

    @Test
    void anchorsAreShortLowerCaseAndUnique() {
        List<String> anchors = MetadataAddresses.anchors();
        assertTrue(anchors.size() > 10, () -> "anchor count " + anchors.size());
        assertTrue(anchors.size() <= 160, () -> "anchor count " + anchors.size());
        assertEquals(anchors.size(), new HashSet<>(anchors).size(), "duplicates");
        for (String anchor : anchors) {
            assertTrue(anchor.length() >= 5, () -> "too short: " + anchor);
            assertEquals(anchor.toLowerCase(Locale.ROOT), anchor);
            assertTrue(anchor.chars().allMatch(c -> c < 128), () -> "not ASCII: " + anchor);
        }
        assertThrows(UnsupportedOperationException.class, () -> anchors.add("x"));
    }

    @Test
    void anchorsCoverEveryTableHit() {
        String[] texts = {
            "2852039166", "7147006462", "0x00A9FEA9FE", "025177524776", "065177524776", "169.16689662",
            "169.33466878", "0xa9.0376.169.254", "0651.0x1fe.0xa9.0xfe", "425.510.425.510", "::ffff:a9fe:a9fe",
            "169-254-169-254.nip.io", "169.254-169.254.nip.io", "fd00-ec2--254.sslip.io", "[FD00:EC2::254]",
            "0x64.0144.100.200", "356.100.25800", "100.23356616", "5979268296", "014431062310",
            "INSTANCE-DATA", "http://Metadata/", "METADATA.GOOG", "[FD20:CE::254]", "fd20:00ce:0:0:0:0:0:0254",
            "fd20-ce--254.sslip.io", "fd20:ce::0.0.2.84"
        };
        for (String text : texts) {
            List<Hit> hits = new ArrayList<>();
            MetadataAddresses.scan(text, hits::add);
            assertEquals(1, hits.size(), () -> "hits in " + text);
            String hitText = text.substring(hits.get(0).start(), hits.get(0).end()).toLowerCase(Locale.ROOT);
            assertTrue(MetadataAddresses.anchors().stream().anyMatch(hitText::contains), () -> "no anchor in " + text);
        }
    }

    @Test
    void scanAllocatesNothingWithoutHits() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "no allocation counter");
        threads.setThreadAllocatedMemoryEnabled(true);
        String text = "curl -s http://10.0.0.1:8080/api?x=1 [fe80::1%eth0]:22 ::ffff:10.0.0.1 169.254.169.253 "
                + "0xa9fea9ff 2852039165 1.2.3.4.nip.io metadata-server http%3A%2F%2Fexample.com user@metadata "
                + "s3://metadata/x 0169.254.169.254 169.254.169.2549 X-Forwarded-For:10.1.1.1 2024-01-15T10:20:30Z";
        Consumer<Hit> failOnHit = hit -> {
            throw new AssertionError("unexpected hit " + hit);
        };
        for (int i = 0; i < 5_000; i++) {
            MetadataAddresses.scan(text, failOnHit);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            MetadataAddresses.scan(text, failOnHit);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // A few hundred bytes allow for the counter calls themselves; one object per scan would be 16 KB.
        assertTrue(allocated < 1_000, () -> "allocated " + allocated + " bytes in 1000 scans");
    }

    @Test
    void scanStaysLinearOnAdversarialText() {
        String[] units = {"metadata@", "@metadata", "1.", "1-", ":", "::1", "%2F", "[", "a-", "-", "0x", "9",
            "169.254.", "a.nip.io", "//", "fd00-"};
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (String unit : units) {
                String text = unit.repeat(100_000 / unit.length());
                MetadataAddresses.scan(text, hit -> {});
                String withSuffix = text + ".nip.io";
                MetadataAddresses.scan(withSuffix, hit -> {});
            }
        });
    }
}

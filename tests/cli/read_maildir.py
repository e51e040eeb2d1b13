#!/usr/bin/python3
"""Reads the messages an SMTP sink (aiosmtpd's Mailbox handler) kept in a
maildir and prints each as the test checks it: one block per message with
its recipients, the subject decoded from its RFC 2047 words, whether the
raw headers were plain ASCII with lines under 998 bytes, and the body
decoded from base64, sorted by recipient and subject so the output is
stable.

    read_maildir.py MAILDIR
"""
import email
import email.header
import email.policy
import mailbox
import sys


def main():
    box = mailbox.Maildir(sys.argv[1], create=False)
    blocks = []
    for key in box.keys():
        raw = box.get_bytes(key)
        head = raw.split(b"\n\n", 1)[0]
        ascii_head = all(b < 0x80 for b in head)
        long_line = any(len(l) > 998 for l in head.split(b"\n"))
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        subject = str(email.header.make_header(
            email.header.decode_header(msg.get("Subject", ""))))
        body = msg.get_content()
        blocks.append("\n".join([
            "To: " + ", ".join(a.addr_spec for a in msg["To"].addresses),
            "Subject: " + subject,
            "Header-ASCII: " + ("yes" if ascii_head and not long_line else "no"),
            "Content-Type: " + msg.get_content_type() + "; charset=" +
            str(msg.get_content_charset()),
            "Transfer-Encoding: " + str(msg.get("Content-Transfer-Encoding")),
            "Message-ID: " + ("yes" if msg.get("Message-ID") else "no"),
            "Date: " + ("yes" if msg.get("Date") else "no"),
            "Body:", body.replace("\r\n", "\n"), "=== end"]))
    blocks.sort()
    print("messages: %d" % len(blocks))
    print("\n".join(blocks))


if __name__ == "__main__":
    main()

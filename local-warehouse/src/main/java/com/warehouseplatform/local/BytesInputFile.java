package com.warehouseplatform.local;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over an object's bytes as the local S3 returned them. */
final class BytesInputFile implements InputFile {

    private final byte[] bytes;

    BytesInputFile(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public long getLength() {
        return bytes.length;
    }

    @Override
    public SeekableInputStream newStream() {
        Stream stream = new Stream(bytes);
        return new DelegatingSeekableInputStream(stream) {
            @Override
            public long getPos() {
                return stream.position();
            }

            @Override
            public void seek(long position) throws EOFException {
                stream.seek(position);
            }
        };
    }

    /** A byte array stream that can tell and move its position. */
    private static final class Stream extends ByteArrayInputStream {
        Stream(byte[] bytes) {
            super(bytes);
        }

        synchronized long position() {
            return pos;
        }

        synchronized void seek(long position) throws EOFException {
            if (position < 0 || position > count) {
                throw new EOFException("seek to " + position + " outside the " + count + " bytes");
            }
            pos = (int) position;
        }
    }
}

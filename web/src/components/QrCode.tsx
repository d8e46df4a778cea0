import { Image, Skeleton } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code drawn in the browser (no network call), shown as a data: image (allowed by the CSP). */
export function QrCode({ value, size = 192, alt }: { value: string; size?: number; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, { width: size, margin: 1, errorCorrectionLevel: 'M' })
      .then((url) => { if (live) setSrc(url); })
      .catch(() => { if (live) setSrc(null); });
    return () => { live = false; };
  }, [value, size]);
  if (!src) return <Skeleton w={size} h={size} />;
  return <Image src={src} w={size} h={size} alt={alt} data-testid="totp-qr" />;
}

import { z } from 'zod';

const Text = (min: number, max: number) => z.string().trim().min(min, min > 0 ? 'must not be empty' : undefined).max(max);
export const AddressBody = z.strictObject({
  recipient: Text(1, 50).describe('收货人'),
  phone: z.string().trim().regex(/^(\+?86)?1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'must be a mainland mobile number (11 digits) or a landline like 0571-88886666'),
  province: Text(1, 30), city: Text(1, 30), district: Text(0, 30).optional(),
  detail: Text(1, 200).describe('Street, building, room'),
  regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit administrative division code').optional(),
  label: Text(0, 20).optional(),
  isDefault: z.boolean().optional(),
}).meta({ id: 'AddressBody' });
export type AddressBody = z.infer<typeof AddressBody>;
export const UpdateAddressBody = AddressBody.partial().meta({ id: 'UpdateAddressBody' });
export type UpdateAddressBody = z.infer<typeof UpdateAddressBody>;

export const AddressOut = z.object({
  id: z.string(), recipient: z.string(), phone: z.string(), province: z.string(), city: z.string(), district: z.string(), detail: z.string(),
  regionCode: z.string(), label: z.string(), isDefault: z.boolean(), region: z.string().describe('Province city district, for display and allocation'),
  createdAt: z.string(),
}).meta({ id: 'Address' });
export type AddressOut = z.infer<typeof AddressOut>;

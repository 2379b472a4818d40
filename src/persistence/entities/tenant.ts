import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A PlusPlus instance. It exists from its first use on the internal API (design §4). */
@Entity({ name: 'tenants' })
export class Tenant {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
